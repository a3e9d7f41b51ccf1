package io.conversion.sync.inbound;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The inbound sync's own tables (stream_position, inbound_record, workflow_trigger_outbox). Only the batch writer's thread writes here, so "update, else insert"
 * needs no locking and works the same on H2 and PostgreSQL.
 */
@Repository
class InboundStore {

    /** What the inbound sync knows about one Salesforce record. */
    record RecordState(String sfId, String objectType, String state, Long contactId, Long companyId,
            long commitTimestamp) {

        static final String LINKED = "LINKED";
        static final String NO_EMAIL = "NO_EMAIL";
        static final String CONVERTED = "CONVERTED";
        static final String DELETED = "DELETED";
        static final String UNLINKED = "UNLINKED";

        boolean is(String s) {
            return state.equals(s);
        }
    }

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;

    InboundStore(JdbcClient jdbc, NamedParameterJdbcTemplate named, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
        this.clock = clock;
    }

    // ---- stream positions ----

    /** Whether any Salesforce record was ever seen by the inbound sync. */
    boolean anyRecord() {
        return jdbc.sql("select count(*) from (select 1 from inbound_record fetch first 1 rows only) r")
                .query(Long.class).single() > 0;
    }

    Map<String, Long> positions() {
        Map<String, Long> positions = new HashMap<>();
        jdbc.sql("select channel, replay_id from stream_position")
                .query(rs -> {
                    positions.put(rs.getString("channel"), rs.getLong("replay_id"));
                });
        return positions;
    }

    Optional<Long> position(String channel) {
        return jdbc.sql("select replay_id from stream_position where channel = :channel").param("channel", channel)
                .query(Long.class).optional();
    }

    void savePosition(String channel, long replayId) {
        Timestamp now = now();
        int updated = jdbc.sql("update stream_position set replay_id = :id, updated_at = :now where channel = :channel")
                .param("id", replayId).param("now", now).param("channel", channel).update();
        if (updated == 0) {
            jdbc.sql("insert into stream_position (channel, replay_id, updated_at) values (:channel, :id, :now)")
                    .param("id", replayId).param("now", now).param("channel", channel).update();
        }
    }

    // ---- per-record state ----

    Optional<RecordState> record(String sfId) {
        return jdbc.sql("select * from inbound_record where sf_id = :id").param("id", sfId)
                .query((rs, n) -> new RecordState(rs.getString("sf_id"), rs.getString("object_type"),
                        rs.getString("state"), rs.getObject("contact_id", Long.class),
                        rs.getObject("company_id", Long.class), rs.getLong("commit_timestamp")))
                .optional();
    }

    void saveRecord(RecordState r) {
        Timestamp now = now();
        int updated = jdbc.sql("""
                update inbound_record set object_type = :type, state = :state, contact_id = :contactId,
                    company_id = :companyId, commit_timestamp = :ts, updated_at = :now
                where sf_id = :id""")
                .params(recordParams(r, now)).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into inbound_record (sf_id, object_type, state, contact_id, company_id, commit_timestamp,
                        updated_at)
                    values (:id, :type, :state, :contactId, :companyId, :ts, :now)""")
                    .params(recordParams(r, now)).update();
        }
    }

    private static Map<String, Object> recordParams(RecordState r, Timestamp now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", r.sfId());
        p.put("type", r.objectType());
        p.put("state", r.state());
        p.put("contactId", r.contactId());
        p.put("companyId", r.companyId());
        p.put("ts", r.commitTimestamp());
        p.put("now", now);
        return p;
    }

    // ---- workflow-trigger outbox ----

    void addTriggers(List<String> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        Timestamp now = now();
        named.batchUpdate("insert into workflow_trigger_outbox (payload, created_at) values (:payload, :now)",
                payloads.stream().map(p -> new MapSqlParameterSource().addValue("payload", p).addValue("now", now))
                        .toArray(MapSqlParameterSource[]::new));
    }

    private Timestamp now() {
        return new Timestamp(clock.millis());
    }
}
