package io.conversion.sync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import javax.sql.DataSource;

/**
 * The physical ceiling for inbound sync: batched upserts of contacts into the same table through plain JDBC,
 * 500 rows per batch and per commit, no Camel, no Salesforce. Inbound throughput is reported as a ratio of it.
 */
final class JdbcReference {

    private static final int BATCH = 500;

    private JdbcReference() {
    }

    /** Upserts {@code rows} contacts and returns rows per second. The rows are deleted afterwards. */
    static double upsertsPerSecond(DataSource dataSource, int rows) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
            String sql = postgres
                    ? """
                      insert into contact (email, email_key, first_name, last_name, sf_lead_id, sync_status,
                          created_at, updated_at) values (?, ?, ?, ?, ?, 'SYNCED', ?, ?)
                      on conflict (email_key) do update set first_name = excluded.first_name,
                          last_name = excluded.last_name, sf_lead_id = excluded.sf_lead_id,
                          updated_at = excluded.updated_at"""
                    : """
                      merge into contact (email, email_key, first_name, last_name, sf_lead_id, sync_status,
                          created_at, updated_at) key (email_key) values (?, ?, ?, ?, ?, 'SYNCED', ?, ?)""";
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Timestamp now = new Timestamp(System.currentTimeMillis());
                for (int i = 0; i < rows; i++) {
                    String email = "jdbc-ref-" + i + "@bench.example";
                    ps.setString(1, email);
                    ps.setString(2, email);
                    ps.setString(3, "Jdbc");
                    ps.setString(4, "Reference " + i);
                    ps.setString(5, String.format("00QJDBC%011d", i));
                    ps.setTimestamp(6, now);
                    ps.setTimestamp(7, now);
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i == rows - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try (PreparedStatement del = c.prepareStatement("delete from contact where email_key like 'jdbc-ref-%'")) {
                del.executeUpdate();
                c.commit();
            }
            c.setAutoCommit(true);
            return rows / seconds;
        }
    }
}
