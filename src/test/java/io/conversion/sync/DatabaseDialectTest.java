package io.conversion.sync;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The suite runs on the database it claims to: H2 by default, PostgreSQL with -Ppostgres. */
class DatabaseDialectTest extends SyncTestSupport {

    @Autowired
    DataSource dataSource;

    @Autowired
    Flyway flyway;

    @Test
    void migrations_of_the_suite_dialect_are_applied() throws Exception {
        String product;
        try (var c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        }
        assertThat(product).isEqualTo(TestProfiles.postgres() ? "PostgreSQL" : "H2");
        var info = flyway.info();
        assertThat(info.pending()).isEmpty();
        assertThat(info.applied()).isNotEmpty();
        assertThat(flyway.getConfiguration().getLocations()[0].getDescriptor())
                .endsWith(TestProfiles.postgres() ? "db/migration/postgresql" : "db/migration/h2");
    }
}
