package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.SyncBatch;
import io.conversion.sync.activity.SyncBatches;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Inbound re-reads from the batch view: a failed inbound record is read again from Salesforce and applied as a
 * change, in a RETRY batch of its own ({@code POST /api/inbound/records/{object}/{id}/reread},
 * {@code POST /api/batches/{id}/retry}).
 */
class InboundRetryApiTest extends InboundTestSupport {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    SyncBatches batches;
    @Autowired
    InboundProperties properties;

    @AfterEach
    void noFaultsLeft() {
        SALESFORCE.faults().clear();
        toggles(true, true, true);
    }

    @Test
    void a_failed_inbound_record_is_read_again_by_its_retry_batch_and_applied_with_its_workflow_trigger()
            throws Exception {
        Failed failed = failedReread("retry-one", "Read By The Retry");
        listenToTriggers();

        ResponseEntity<JsonNode> retry = admin().postForEntity("/api/inbound/records/Lead/" + failed.leadId
                + "/reread", null, JsonNode.class);

        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode queued = retry.getBody().path("retries").get(0);
        assertThat(queued.path("object").asText()).isEqualTo("Lead");
        long batchId = queued.path("batchId").asLong();
        SyncBatch done = awaitClosed(batchId);
        assertThat(done.kind()).isEqualTo("RETRY");
        assertThat(done.direction()).isEqualTo(Activity.Direction.INBOUND);
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.updated()).isEqualTo(1);
        assertThat(contacts.findById(failed.contactId).orElseThrow().title()).isEqualTo("Read By The Retry");
        assertThat(activityLog.ofBatch(batchId, 10)).singleElement().satisfies(a -> {
            assertThat(a.sfId()).isEqualTo(failed.leadId);
            assertThat(a.outcome()).isEqualTo(Outcome.APPLIED);
            assertThat(a.action()).isEqualTo("UPDATED");
            assertThat(a.replayId()).as("never a Salesforce replay id").isEqualTo(-batchId);
        });
        JsonNode trigger = awaitTriggers(failed.leadId, 1).get(0);
        assertThat(trigger.path("conversionId").asLong()).isEqualTo(failed.contactId);
        assertThat(trigger.path("replayId").asLong()).isEqualTo(-batchId);
        assertThat(writer.position(LEADS)).as("a retry moves no stream position").hasValue(failed.position);
    }

    @Test
    void every_failed_inbound_record_of_a_batch_is_read_again_by_one_call() {
        Failed failed = failedReread("retry-batch", "Read With Its Batch");

        ResponseEntity<JsonNode> retry = admin().postForEntity("/api/batches/" + failed.batchId + "/retry", null,
                JsonNode.class);

        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode queued = retry.getBody().path("retries").get(0);
        assertThat(queued.path("salesforceIds").get(0).asText()).isEqualTo(failed.leadId);
        SyncBatch done = awaitClosed(queued.path("batchId").asLong());
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(contacts.findById(failed.contactId).orElseThrow().title()).isEqualTo("Read With Its Batch");
    }

    @Test
    void a_retry_salesforce_refuses_again_ends_as_a_failed_retry_batch_retriable_in_turn() {
        Failed failed = failedReread("retry-refused", "Never Read");
        SALESFORCE.faults().refuseOn("query", properties.rereadAttempts());

        JsonNode queued = admin().postForEntity("/api/inbound/records/Lead/" + failed.leadId + "/reread", null,
                JsonNode.class).getBody().path("retries").get(0);

        SyncBatch done = awaitClosed(queued.path("batchId").asLong());
        assertThat(done.status()).isEqualTo("FAILED");
        assertThat(done.failed()).isEqualTo(1);
        assertThat(activityLog.ofBatch(done.id(), 10)).singleElement()
                .satisfies(a -> assertThat(a.reason()).isEqualTo("APPLY_FAILED"));
        assertThat(admin().postForEntity("/api/batches/" + done.id() + "/retry", null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    @Test
    void a_retry_is_refused_with_a_message_for_a_bad_id_an_unknown_object_a_paused_object_or_an_outbound_batch() {
        assertThat(status("/api/inbound/records/Lead/not-an-id/reread")).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(status("/api/inbound/records/Opportunity/00Q000000000001AAA/reread"))
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(status("/api/batches/999999999/retry")).isEqualTo(HttpStatus.NOT_FOUND);
        long outbound = batches.start(Activity.Direction.OUTBOUND, "CREATE", "Lead", null, System.currentTimeMillis());
        try {
            ResponseEntity<JsonNode> refused = admin().postForEntity("/api/batches/" + outbound + "/retry", null,
                    JsonNode.class);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getBody().path("message").asText()).contains("outbound");
        } finally {
            batches.close(outbound, System.currentTimeMillis());
        }
        toggles(false, true, true);
        ResponseEntity<JsonNode> paused = admin().postForEntity("/api/inbound/records/Lead/00Q000000000001AAA/reread",
                null, JsonNode.class);
        assertThat(paused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(paused.getBody().path("message").asText()).contains("Inbound sync of Lead is off");
    }

    // ---- helpers ----

    private record Failed(String leadId, long contactId, long batchId, long position) {
    }

    /**
     * A synced Lead whose title changed in Salesforce without an event, then a gap event for it whose re-read
     * Salesforce refuses every time: the record is FAILED / APPLY_FAILED in an inbound batch.
     */
    private Failed failedReread(String name, String title) {
        String email = email(name);
        String leadId = org().create("Lead", lead(email));
        long contactId = awaitContact(email).id();
        org().inTransaction("test", false, t -> {
            t.update("Lead", leadId, Map.of("Title", title));
            return null;
        });
        SALESFORCE.faults().refuseOn("query", properties.rereadAttempts());
        org().publishGap("Lead", "GAP_UPDATE", List.of(leadId));
        Activity failed = awaitActivity(leadId, "APPLY_FAILED");
        SALESFORCE.faults().clear();
        assertThat(failed.batchId()).isNotNull();
        assertThat(contacts.findById(contactId).orElseThrow().title()).isNotEqualTo(title);
        return new Failed(leadId, contactId, failed.batchId(), writer.position(LEADS).orElseThrow());
    }

    private SyncBatch awaitClosed(long batchId) {
        return await().atMost(WAIT).until(() -> batches.get(batchId),
                b -> b.isPresent() && !"IN_PROGRESS".equals(b.get().status())).orElseThrow();
    }

    private HttpStatus status(String url) {
        return HttpStatus.valueOf(admin().postForEntity(url, null, String.class).getStatusCode().value());
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", ADMIN_PASSWORD);
    }
}
