package io.conversion.sync.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The only writer of {@code workflow_trigger_outbox}: triggers stored in the transaction of the change they announce
 * (as JSON, with the context's ObjectMapper). The route inbound-workflow-triggers publishes and deletes them, woken
 * by {@link WorkflowTriggerWakeUp} as soon as that transaction commits.
 */
@Repository
class WorkflowTriggerOutbox {

    private final NamedParameterJdbcTemplate named;
    private final ObjectMapper json;
    private final Clock clock;

    private final WorkflowTriggerWakeUp wakeUp;

    WorkflowTriggerOutbox(NamedParameterJdbcTemplate named, ObjectMapper json, Clock clock,
            WorkflowTriggerWakeUp wakeUp) {
        this.wakeUp = wakeUp;
        this.named = named;
        this.json = json;
        this.clock = clock;
    }

    void addAll(List<WorkflowTrigger> triggers) {
        if (triggers.isEmpty()) {
            return;
        }
        Timestamp now = new Timestamp(clock.millis());
        named.batchUpdate("insert into workflow_trigger_outbox (payload, created_at) values (:payload, :now)",
                triggers.stream().map(t -> new MapSqlParameterSource().addValue("payload", toJson(t))
                        .addValue("now", now)).toArray(MapSqlParameterSource[]::new));
        wakeUp.afterCommit(); // published right after the commit; a rollback publishes nothing
    }

    private String toJson(WorkflowTrigger t) {
        try {
            return json.writeValueAsString(t);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Workflow trigger not serialisable: " + t, e);
        }
    }
}
