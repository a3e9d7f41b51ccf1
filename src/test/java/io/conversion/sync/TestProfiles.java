package io.conversion.sync;

import org.springframework.test.context.ActiveProfilesResolver;

/**
 * Profiles of the test suite: always "test"; plus "postgres" when the suite runs against the local
 * PostgreSQL server ({@code -Dsync.test.db=postgres}, see the Maven profile "postgres").
 */
public class TestProfiles implements ActiveProfilesResolver {

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("sync.test.db"));
    }

    @Override
    public String[] resolve(Class<?> testClass) {
        return postgres() ? new String[] {"test", "postgres"} : new String[] {"test"};
    }
}
