package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.SyncBatch;
import io.conversion.sync.activity.SyncBatches;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Inbound batches that take visible time show IN_PROGRESS: an initial-import chunk from when it is queued for the
 * writer, a retry from its request, until the writer's transaction closes them; entries a stop left running are
 * closed ABANDONED at the next start.
 */
class InboundBatchesInProgressTest extends InboundTestSupport {

    private static final Duration IMPORT_WAIT = Duration.ofSeconds(120);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    SyncBatches batches;
    @Autowired
    InterruptedInboundBatches interrupted;

    private final CountDownLatch writerHeld = new CountDownLatch(1);
    private final CountDownLatch releaseWriter = new CountDownLatch(1);

    @AfterEach
    void writerFree() {
        releaseWriter.countDown();
        writer.writeHook(() -> { });
    }

    @Test
    void an_import_chunk_and_a_retry_queued_behind_a_busy_writer_are_in_progress_until_their_transaction_closes_them()
            throws Exception {
        // A Lead the import will bring in (made without an event: Conversion has never seen it).
        String email = email("import-progress");
        String leadId = org().inTransaction("test", false, t -> t.insert("Lead", lead(email)));
        holdWriter();
        org().create("Lead", lead(email("writer-busy"))); // the writer takes this one and waits before writing it
        assertThat(writerHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        String importId = startImport();
        List<SyncBatch> chunks = await().atMost(WAIT).until(() -> running("IMPORT_PAGE"), l -> !l.isEmpty());
        assertThat(chunks).allSatisfy(b -> {
            assertThat(b.objectTypes()).isEqualTo("Lead");
            assertThat(b.finishedAt()).isNull();
        });
        JsonNode retry = admin().postForEntity("/api/inbound/records/Lead/" + leadId + "/reread", null,
                JsonNode.class).getBody().path("retries").get(0);
        long retryId = retry.path("batchId").asLong();
        assertThat(batches.get(retryId).orElseThrow().status()).isEqualTo("IN_PROGRESS");
        assertThat(ids("/api/batches?direction=INBOUND&status=IN_PROGRESS&limit=1000")).contains(retryId)
                .containsAll(chunks.stream().map(SyncBatch::id).toList());

        releaseWriter.countDown();

        JsonNode run = await().atMost(IMPORT_WAIT).pollInterval(Duration.ofMillis(200)).until(
                () -> admin().getForEntity("/api/sync/initial-import/" + importId, JsonNode.class).getBody(),
                r -> !"RUNNING".equals(r.path("state").asText()));
        assertThat(run.path("state").asText()).isEqualTo("DONE");
        await().atMost(WAIT).until(() -> running("IMPORT_PAGE").isEmpty() && running("RETRY").isEmpty());
        // The Lead is created by whichever reached the writer first: the chunk holding it (the org of a whole suite
        // run has many pages of Leads) or the retry; the other then finds it up to date and writes nothing.
        awaitContact(email);
        Activity created = await().atMost(WAIT).until(() -> activities(leadId).stream()
                .filter(a -> a.batchId() != null && ("CREATED".equals(a.action())
                        || "IMPORTED".equals(a.action()) && a.message().contains("CREATED"))).findFirst(),
                java.util.Optional::isPresent).get();
        SyncBatch creator = batches.get(created.batchId()).orElseThrow();
        assertThat(creator.kind()).isIn("IMPORT_PAGE", "RETRY");
        assertThat(creator.status()).isEqualTo("COMPLETED");
        assertThat(creator.created()).isPositive();
        assertThat(creator.finishedAt()).isNotNull();
        // A chunk or retry that found everything up to date wrote no record: its entry is gone, as if it never ran.
        chunks.forEach(b -> batches.get(b.id()).ifPresent(c -> assertThat(c.status()).isEqualTo("COMPLETED")));
        batches.get(retryId).ifPresent(r -> assertThat(r.status()).isEqualTo("COMPLETED"));
    }

    @Test
    void inbound_entries_left_running_by_a_stop_are_closed_abandoned_with_the_reason_at_the_next_start() {
        long left = batches.start(Activity.Direction.INBOUND, "IMPORT_PAGE", "Lead", null, System.currentTimeMillis());
        long outbound = batches.start(Activity.Direction.OUTBOUND, "CREATE", null, "other-node/x",
                System.currentTimeMillis());
        try {
            assertThat(interrupted.close()).isGreaterThanOrEqualTo(1);

            SyncBatch abandoned = batches.get(left).orElseThrow();
            assertThat(abandoned.status()).isEqualTo("ABANDONED");
            assertThat(abandoned.note()).contains("read again when the import continues");
            assertThat(batches.get(outbound).orElseThrow().status()).as("another node's outbound batch")
                    .isEqualTo("IN_PROGRESS");
        } finally {
            batches.close(outbound, System.currentTimeMillis());
        }
    }

    // ---- helpers ----

    /** The writer thread waits before its next batch until the test lets it go (no timing involved). */
    private void holdWriter() {
        writer.writeHook(() -> {
            writerHeld.countDown();
            try {
                releaseWriter.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private List<SyncBatch> running(String kind) {
        return batches.find(Activity.Direction.INBOUND, null, "IN_PROGRESS", null, null, null, 1000).stream()
                .filter(b -> kind.equals(b.kind())).toList();
    }

    private String startImport() {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var started = admin().postForEntity("/api/sync/initial-import",
                new HttpEntity<>("{\"objects\":[\"Lead\"]}", headers), JsonNode.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return started.getBody().path("id").asText();
    }

    private List<Long> ids(String url) {
        List<Long> ids = new java.util.ArrayList<>();
        admin().getForObject(url, JsonNode.class).forEach(b -> ids.add(b.path("id").asLong()));
        return ids;
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", ADMIN_PASSWORD);
    }
}
