package io.conversion.sync.fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

/** The database of a fault test: H2 by default, a fresh PostgreSQL database with {@code -Dsync.test.db=postgres}. */
final class Databases {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private Databases() {
    }

    static boolean postgres() {
        return "postgres".equals(System.getProperty("sync.test.db"));
    }

    static String name() {
        return postgres() ? "PostgreSQL" : "H2";
    }

    static String user() {
        return postgres() ? "postgres" : "sa";
    }

    /** Null (the service's default H2 file database), or the URL of a new empty PostgreSQL database. */
    static String fresh() throws Exception {
        if (!postgres()) {
            return null;
        }
        String db = "sync_fault_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            c.createStatement().execute("create database " + db);
        }
        return SERVER + db;
    }

    /** Drops a database {@link #fresh} made (nothing for H2: its files go with the test's directory). */
    static void drop(String url) throws Exception {
        if (url == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            c.createStatement().execute("drop database if exists " + url.substring(url.lastIndexOf('/') + 1));
        }
    }
}
