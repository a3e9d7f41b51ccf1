package io.conversion.sync.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.emulator.FaultInjector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

class BatchesApiTest extends SyncTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ContactRepository contacts;
    @Autowired
    ActivityLog activity;
    @Autowired
    SyncBatches batches;

    @AfterEach
    void clearRules() {
        SALESFORCE.org().clearRules();
        SALESFORCE.faults().clear();
    }

    @Test
    void an_inbound_batch_is_one_entry_whose_counts_add_up_to_its_records_each_carrying_the_batch_id() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String sfId = SALESFORCE.org().create("Lead", Map.of("LastName", "Batch", "Company", "Batch Co",
                "Email", "batch-in-" + tag + "@batches.example"));
        Activity row = awaitRow(sfId, null);
        assertThat(row.batchId()).as("an inbound change is written with its batch").isNotNull();
        long calls = SALESFORCE.usage().total();

        JsonNode view = admin().getForObject("/api/batches/" + row.batchId(), JsonNode.class);

        JsonNode batch = view.path("batch");
        assertThat(batch.path("direction").asText()).isEqualTo("INBOUND");
        assertThat(batch.path("kind").asText()).isEqualTo("EVENTS");
        assertThat(batch.path("objectTypes").asText()).contains("Lead");
        assertThat(batch.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(batch.path("created").asInt()).isPositive();
        assertThat(batch.path("durationMs").asLong()).isNotNegative();
        List<JsonNode> records = list(view.path("records"));
        assertThat(records).anySatisfy(r -> assertThat(r.path("sfId").asText()).isEqualTo(sfId))
                .allSatisfy(r -> assertThat(r.path("batchId").asLong()).isEqualTo(row.batchId()));
        int counted = batch.path("created").asInt() + batch.path("updated").asInt() + batch.path("deleted").asInt()
                + batch.path("skipped").asInt() + batch.path("failed").asInt();
        assertThat(counted).isEqualTo(records.size());

        assertThat(ids("/api/batches?direction=INBOUND&object=Lead&status=COMPLETED&limit=1000"))
                .contains(row.batchId());
        assertThat(ids("/api/batches?direction=OUTBOUND&limit=1000")).doesNotContain(row.batchId());
        assertThat(ids("/api/batches?object=Account&limit=1000")).doesNotContain(row.batchId());
        assertThat(ids("/api/batches?from=2099-01-01T00:00:00Z")).isEmpty();
        assertThat(SALESFORCE.usage().total() - calls).as("Salesforce calls to read batches").isZero();
    }

    @Test
    void a_refused_outbound_create_makes_a_failed_batch_and_its_record_is_retried_by_syncing_the_contact() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String bad = "batch-refused-" + tag + "@batches.example";
        SALESFORCE.org().rejectEmailsMatching(Pattern.quote(bad), "Not in this org");
        postContact(bad);
        Contact failed = await().atMost(WAIT).until(() -> contacts.findByEmail(bad),
                c -> c.isPresent() && c.get().syncStatus() == SyncStatus.FAILED).orElseThrow();
        Activity row = awaitRow(null, failed.id());

        JsonNode view = admin().getForObject("/api/batches/" + row.batchId(), JsonNode.class);
        assertThat(view.path("batch").path("status").asText()).isEqualTo("FAILED");
        assertThat(view.path("batch").path("kind").asText()).isEqualTo("CREATE");
        assertThat(view.path("batch").path("failed").asInt()).isPositive();
        assertThat(list(view.path("records"))).anySatisfy(r -> {
            assertThat(r.path("contactId").asLong()).isEqualTo(failed.id());
            assertThat(r.path("outcome").asText()).isEqualTo("FAILED");
            assertThat(r.path("message").asText()).contains("Not in this org");
        });
        assertThat(ids("/api/batches?direction=OUTBOUND&status=FAILED&limit=1000")).contains(row.batchId());

        SALESFORCE.org().clearRules();
        ResponseEntity<String> retry = admin().postForEntity("/api/contacts/" + failed.id() + "/sync", null,
                String.class);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Contact synced = await().atMost(WAIT).until(() -> contacts.findByEmail(bad),
                c -> c.isPresent() && c.get().syncStatus() == SyncStatus.SYNCED).orElseThrow();
        assertThat(SALESFORCE.org().get("Lead", synced.sfLeadId()).orElseThrow().get("Email")).isEqualTo(bad);
        Activity applied = activity.find(new ActivityQuery(Activity.Direction.OUTBOUND, Activity.Outcome.APPLIED,
                null, failed.id(), null, 10)).stream().filter(a -> a.batchId() != null).findFirst().orElseThrow();
        JsonNode retried = admin().getForObject("/api/batches/" + applied.batchId(), JsonNode.class).path("batch");
        assertThat(applied.batchId()).isGreaterThan(row.batchId());
        assertThat(retried.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(retried.path("created").asInt()).isPositive();
    }

    @Test
    void an_outbound_batch_is_in_progress_while_its_create_is_in_flight_and_completed_with_its_records_after()
            throws Exception {
        String email = "batch-flight-" + UUID.randomUUID().toString().substring(0, 8) + "@batches.example";
        FaultInjector.Hold hold = SALESFORCE.faults().holdOn("composite.sobjects.create");
        try {
            postContact(email);
            assertThat(hold.awaitReached(WAIT)).as("the create reached Salesforce").isTrue();

            List<JsonNode> running = list(admin().getForObject("/api/batches?direction=OUTBOUND&status=IN_PROGRESS",
                    JsonNode.class));
            assertThat(running).isNotEmpty().allSatisfy(b -> {
                assertThat(b.path("status").asText()).isEqualTo("IN_PROGRESS");
                assertThat(b.path("finishedAt").isNull()).isTrue();
            });
            JsonNode batch = running.get(0);
            assertThat(batch.path("kind").asText()).isEqualTo("CREATE");
            assertThat(ids("/api/batches?status=COMPLETED&limit=1000")).doesNotContain(batch.path("id").asLong());
            long id = batch.path("id").asLong();

            hold.release();

            Contact synced = await().atMost(WAIT).until(() -> contacts.findByEmail(email),
                    c -> c.isPresent() && c.get().syncStatus() == SyncStatus.SYNCED).orElseThrow();
            JsonNode done = await().atMost(WAIT).until(() -> admin().getForObject("/api/batches/" + id,
                    JsonNode.class), v -> !"IN_PROGRESS".equals(v.path("batch").path("status").asText()));
            assertThat(done.path("batch").path("status").asText()).isEqualTo("COMPLETED");
            assertThat(done.path("batch").path("finishedAt").isNull()).isFalse();
            assertThat(list(done.path("records"))).anySatisfy(r -> {
                assertThat(r.path("contactId").asLong()).isEqualTo(synced.id());
                assertThat(r.path("outcome").asText()).isEqualTo("APPLIED");
            });
            assertThat(ids("/api/batches?status=IN_PROGRESS&limit=1000")).doesNotContain(id);
        } finally {
            hold.release();
        }
    }

    @Test
    void an_entry_that_never_wrote_a_record_is_removed_when_it_closes_and_abandoned_entries_are_filtered() {
        long empty = batches.start(Activity.Direction.OUTBOUND, "UPDATE", null, null, System.currentTimeMillis());
        batches.close(empty, System.currentTimeMillis());
        assertThat(batches.get(empty)).as("nothing happened, no entry").isEmpty();

        String claim = "batches-test-node/" + UUID.randomUUID();
        long interrupted = batches.start(Activity.Direction.OUTBOUND, "CREATE", "Lead", claim,
                System.currentTimeMillis());
        assertThat(batches.openFor(claim)).isEqualTo(interrupted);
        assertThat(batches.abandon(Activity.Direction.OUTBOUND, "batches-test-node/%", System.currentTimeMillis(),
                "stopped")).isEqualTo(1);
        assertThat(ids("/api/batches?status=ABANDONED&limit=1000")).contains(interrupted);
        assertThat(admin().getForObject("/api/batches/" + interrupted, JsonNode.class).path("batch").path("note")
                .asText()).isEqualTo("stopped");
        assertThat(batches.openFor(claim)).as("no longer running").isNull();
    }

    @Test
    void batches_are_keyset_paged_newest_first_without_overlap() {
        for (int i = 0; i < 3; i++) {
            String sfId = SALESFORCE.org().create("Lead", Map.of("LastName", "Page" + i, "Company", "Paging",
                    "Email", "batch-page-" + i + "-" + UUID.randomUUID() + "@batches.example"));
            awaitRow(sfId, null);
        }
        List<Long> first = ids("/api/batches?limit=2");
        assertThat(first).hasSize(2).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        List<Long> next = ids("/api/batches?limit=2&beforeId=" + first.get(1));
        assertThat(next).isNotEmpty().allSatisfy(id -> assertThat(id).isLessThan(first.get(1)));
    }

    @Test
    void an_unknown_status_or_batch_is_answered_with_a_message() {
        assertThat(admin().getForEntity("/api/batches?status=SOMETIMES", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<JsonNode> missing = admin().getForEntity("/api/batches/999999999", JsonNode.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getBody().path("message").asText()).contains("No batch with id 999999999");
    }

    // ---- helpers ----

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", ADMIN_PASSWORD);
    }

    /** The record's first activity row that has its batch (by Salesforce id or by contact). */
    private Activity awaitRow(String sfId, Long contactId) {
        return await().atMost(WAIT).until(() -> activity.find(new ActivityQuery(null, null, sfId, contactId, null, 10))
                .stream().filter(a -> a.batchId() != null).findFirst(), Optional::isPresent).orElseThrow();
    }

    private List<Long> ids(String url) {
        List<Long> ids = new ArrayList<>();
        admin().getForObject(url, JsonNode.class).forEach(b -> ids.add(b.path("id").asLong()));
        return ids;
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private void postContact(String email) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var response = admin().postForEntity("/api/contacts", new HttpEntity<>("{\"email\":\"" + email
                + "\",\"firstName\":\"Batch\",\"lastName\":\"Test\",\"company\":\"Batch Co\"}", headers), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }
}
