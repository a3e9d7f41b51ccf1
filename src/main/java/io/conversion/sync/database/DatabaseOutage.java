package io.conversion.sync.database;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The database not answering (restarting, network cut, pool exhausted), as opposed to a statement it refused. Work
 * that failed for this reason waits and is tried again as it was, until the database is back: dropping it, or moving a
 * replay position past it, would lose it.
 */
public final class DatabaseOutage {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(500);
    private static final Duration MAX_WAIT = Duration.ofSeconds(15);

    private DatabaseOutage() {
    }

    /** True when this failure, or one of its causes, says the database could not be reached. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // A commit or rollback that failed (TransactionSystemException) lost its connection: the pool reports a
            // closed connection without an SQL state, so the type is what tells.
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException || t instanceof TransientDataAccessResourceException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || (t instanceof java.sql.SQLException s && s.getSQLState() != null
                            && s.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the work; while it fails because the database is unreachable, waits (0.5 s doubling to 15 s) and runs it
     * again, as long as {@code keepTrying} holds. Any other failure is thrown at once.
     *
     * @return false when it gave up because {@code keepTrying} turned false (the service is stopping)
     */
    public static boolean retry(String what, Runnable work, BooleanSupplier keepTrying) throws InterruptedException {
        Duration wait = FIRST_WAIT;
        boolean logged = false;
        while (true) {
            try {
                work.run();
                if (logged) {
                    LOG.info("Database answers again: {} done", what);
                }
                return true;
            } catch (RuntimeException e) {
                if (!is(e)) {
                    throw e;
                }
                if (!keepTrying.getAsBoolean()) {
                    return false;
                }
                if (!logged) {
                    LOG.warn("Database unreachable ({}): {} waits and is tried again until it answers", e.getMessage(),
                            what);
                    logged = true;
                }
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
            }
        }
    }
}
