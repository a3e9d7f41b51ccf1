package io.conversion.sync.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Warns at start-up when the database cannot keep what the service commits through a process kill. The service
 * acknowledges a queue message, and moves a CDC replay position, only after its database commit: a commit the database
 * has not written yet is a record lost for good. H2 file databases delay writes by 500 ms unless {@code WRITE_DELAY=0}
 * (the default URL sets it); an in-memory database keeps nothing at all (fine for the sandbox and tests only).
 */
@Component
class DatabaseDurability {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseDurability.class);

    private final DataSource dataSource;
    private final Environment environment;

    DatabaseDurability(DataSource dataSource, Environment environment) {
        this.dataSource = dataSource;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void check() {
        boolean sandbox = Arrays.asList(environment.getActiveProfiles()).contains("sandbox");
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            problem(url, writeDelay(c), sandbox).ifPresent(LOG::warn);
        } catch (SQLException e) {
            LOG.warn("Could not check the database's durability: {}", e.getMessage());
        }
    }

    /** What an operator must know about this database's durability, if anything. */
    static Optional<String> problem(String url, Integer writeDelayMillis, boolean sandbox) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return Optional.empty(); // PostgreSQL and others: durable on commit unless their server is tuned otherwise
        }
        if (url.startsWith("jdbc:h2:mem:")) {
            return sandbox ? Optional.empty() : Optional.of("The database is in memory (" + url + "): every contact, "
                    + "replay position and pending sync is lost when the service stops. Use an H2 file or PostgreSQL.");
        }
        if (writeDelayMillis != null && writeDelayMillis > 0) {
            return Optional.of("H2 writes commits up to " + writeDelayMillis + " ms late (" + url + "): a process "
                    + "kill loses the last committed changes, which the broker and Salesforce consider delivered. "
                    + "Add ;WRITE_DELAY=0 to SYNC_DB_URL.");
        }
        return Optional.empty();
    }

    private static Integer writeDelay(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'")) {
            return rs.next() ? Integer.valueOf(rs.getString(1)) : null;
        } catch (SQLException | NumberFormatException e) {
            return null; // not H2
        }
    }
}
