package io.conversion.sync.database;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Collection;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * A batched write with positional parameters: one prepared statement, each row's columns set in order. For the
 * tables the inbound writer fills by the thousand per transaction (contact, field_state, inbound_record,
 * sync_activity): {@code NamedParameterJdbcTemplate.batchUpdate} builds a map per row and resolves every name
 * against it, a fifth of the writer thread's time in an import of a million records (JFR), none here.
 */
public final class BatchRows {

    private BatchRows() {
    }

    /** Binds one row's columns, in the statement's order. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(T row, Columns columns) throws SQLException;
    }

    /** The next parameters of the row being bound; a null value is bound as SQL null of the column's type. */
    public static final class Columns {

        private PreparedStatement statement;
        private int next;

        private Columns start(PreparedStatement ps) {
            this.statement = ps;
            this.next = 1;
            return this;
        }

        public Columns text(String value) throws SQLException {
            if (value == null) {
                statement.setNull(next++, Types.VARCHAR);
            } else {
                statement.setString(next++, value);
            }
            return this;
        }

        public Columns bigint(Long value) throws SQLException {
            if (value == null) {
                statement.setNull(next++, Types.BIGINT);
            } else {
                statement.setLong(next++, value);
            }
            return this;
        }

        public Columns timestamp(Timestamp value) throws SQLException {
            if (value == null) {
                statement.setNull(next++, Types.TIMESTAMP);
            } else {
                statement.setTimestamp(next++, value);
            }
            return this;
        }
    }

    /** Writes the rows with one batched statement (nothing for none). */
    public static <T> void write(JdbcOperations jdbc, String sql, Collection<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        Columns columns = new Columns();
        jdbc.batchUpdate(sql, rows, rows.size(), (ps, row) -> binder.bind(row, columns.start(ps)));
    }
}
