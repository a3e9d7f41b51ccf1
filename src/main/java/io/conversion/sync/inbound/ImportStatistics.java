package io.conversion.sync.inbound;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps PostgreSQL's plans of the initial import's lookups fit for tables it grows from empty to millions of rows in
 * minutes: custom plans in its transactions ({@link #customPlans}), and fresh statistics. A pooled connection keeps a prepared statement's generic plan chosen while the table was empty (a
 * sequential scan); with a thousand ids in its {@code in} list, each chunk's lookups then took seconds, longer with
 * every chunk. Autovacuum's analyze comes too late (or is off); an {@code analyze} invalidates those plans. Run after
 * 10,000 applied records, then each time the import doubled its count (about eight times for 1.4 million records).
 * Nothing to do on H2.
 */
@Component
class ImportStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(ImportStatistics.class);
    private static final long FIRST = 10_000;
    private static final List<String> TABLES = List.of("contact", "company", "inbound_record", "field_state",
            "sync_activity");

    private final JdbcClient jdbc;
    private final boolean postgres;
    private long applied;
    private long next = FIRST;

    ImportStatistics(JdbcClient jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        try (Connection c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
    }

    /**
     * In a batch transaction holding import chunks: plans made for the values at hand while it lasts ({@code set
     * local}), never a cached generic plan chosen while a table was small (one such plan of the field_state lookup
     * took minutes per chunk once a table had grown after the last analyze).
     */
    void customPlans() {
        if (postgres) {
            jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
        }
    }

    /** Called by the import thread after each committed chunk. */
    synchronized void applied(long records) {
        applied += records;
        if (!postgres || applied < next) {
            return;
        }
        next = applied * 2;
        long start = System.nanoTime();
        for (String table : TABLES) {
            jdbc.sql("analyze " + table).update(); // constants, never input
        }
        LOG.info("Initial import: {} records applied, planner statistics refreshed in {} ms", applied,
                (System.nanoTime() - start) / 1_000_000);
    }
}
