package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The initial import of a large object through a Bulk API 2.0 query job (25,000 Leads, each checked; 12,000 for the
 * stop and the API limit; results pages of 10,000 in the tests), through the real camel-salesforce client; and its
 * continuation after a stop in the middle.
 */
class BulkInitialImportTest extends InboundTestSupport {

    private static final String API = "/api/sync/initial-import";
    // Above the Bulk threshold (10,000) and two results pages of 10,000 (the tests' page size), with the org's other Leads.
    private static final int LEADS = 12_000;
    /** The functional import of the issue: 25,000 records through the Bulk path, every one checked. */
    private static final int FUNCTIONAL_LEADS = 25_000;
    private static final Duration IMPORT_WAIT = Duration.ofMinutes(4);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    InitialImport imports;

    private final List<String> seeded = new ArrayList<>();
    private String domain;
    /** How many Leads this test seeded. */
    private int count;

    @AfterEach
    void removeTheSeededLeads() {
        // Gone from the org without events, so the other tests see the org as before.
        for (int from = 0; from < seeded.size(); from += 2_000) {
            List<String> ids = seeded.subList(from, Math.min(seeded.size(), from + 2_000));
            org().inTransaction("", false, tx -> {
                ids.forEach(id -> tx.delete("Lead", id));
                return null;
            });
        }
        seeded.clear();
    }

    @Test
    void a_large_object_is_read_by_one_bulk_job_page_by_page_and_every_record_is_imported_once() {
        seedLeads(FUNCTIONAL_LEADS);
        long creates = usage("bulk2.query.create");
        long results = usage("bulk2.query.results");
        long soql = usage("query") + usage("queryMore");

        JsonNode run = awaitFinished(post("{\"objects\":[\"Lead\"]}"));

        JsonNode leads = run.path("objects").get(0);
        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("DONE");
        assertThat(leads.path("mode").asText()).isEqualTo("BULK");
        assertThat(leads.path("jobId").asText()).startsWith("750");
        long total = leads.path("totalSize").asLong();
        assertThat(total).isGreaterThanOrEqualTo(FUNCTIONAL_LEADS);
        assertThat(leads.path("read").asLong()).isEqualTo(total);
        assertThat(leads.path("pages").asLong()).isEqualTo((total + 9_999) / 10_000);
        assertThat(leads.path("syncedAt").isNull()).isFalse();
        // API calls: the first SOQL page (it tells the total), one job, one call per results page.
        assertThat(usage("query") + usage("queryMore") - soql).isEqualTo(1);
        assertThat(usage("bulk2.query.create") - creates).isEqualTo(1);
        assertThat(usage("bulk2.query.results") - results).isEqualTo((total + 9_999) / 10_000);
        assertEveryLeadImportedOnce();

        // The state is in the database, and a second run changes nothing.
        assertThat(jdbc.sql("select state from initial_import_state where object_type = 'Lead'").query(String.class)
                .single()).isEqualTo("DONE");
        JsonNode again = awaitFinished(post("{\"objects\":[\"Lead\"]}")).path("objects").get(0);
        assertThat(again.path("applied").asLong()).isZero();
        assertThat(again.path("skipped").path("UP_TO_DATE").asLong()).isGreaterThanOrEqualTo(FUNCTIONAL_LEADS);
        assertEveryLeadImportedOnce();
    }

    @Test
    void an_import_stopped_in_the_middle_continues_after_the_last_applied_chunk_and_applies_nothing_twice()
            throws Exception {
        seedLeads(LEADS);
        long creates = usage("bulk2.query.create");
        long results = usage("bulk2.query.results");

        String id = post("{\"objects\":[\"Lead\"]}").getBody().path("id").asText();
        await().atMost(IMPORT_WAIT).pollInterval(Duration.ofMillis(5)).until(() -> storedRead() > 0);
        imports.interrupt(); // as a stop does: the import thread ends, what the writer holds is committed
        long readBeforeStop = storedRead();
        assertThat(readBeforeStop).as("stopped in the middle").isBetween(1L, (long) LEADS - 1);
        assertThat(jdbc.sql("select state from initial_import_state where object_type = 'Lead'").query(String.class)
                .single()).isEqualTo("RUNNING");
        assertThat(readApi().path("id").asText()).isEqualTo(id); // read back from the database
        long pagesBeforeStop = usage("bulk2.query.results") - results;

        InitialImportRun resumed = imports.resume().orElseThrow();
        assertThat(resumed.id).isEqualTo(id);
        JsonNode run = awaitFinished(id);

        JsonNode leads = run.path("objects").get(0);
        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("DONE");
        long total = leads.path("totalSize").asLong();
        assertThat(leads.path("read").asLong()).isEqualTo(total); // each record read into the writer once
        assertThat(leads.path("applied").asLong()).isGreaterThanOrEqualTo(LEADS);
        // Every record read is counted once, applied or skipped (the org also holds other tests' Leads, which an
        // earlier change event already applied: those are UP_TO_DATE).
        long skipped = 0;
        for (JsonNode n : leads.path("skipped")) {
            skipped += n.asLong();
        }
        assertThat(leads.path("applied").asLong() + skipped).as(leads.toString()).isEqualTo(total);
        // The same job, continued; at most the page in progress at the stop was fetched again.
        assertThat(usage("bulk2.query.create") - creates).isEqualTo(1);
        assertThat(usage("bulk2.query.results") - results)
                .isLessThanOrEqualTo((total + 9_999) / 10_000 + 1)
                .isGreaterThanOrEqualTo(pagesBeforeStop);
        assertEveryLeadImportedOnce();
    }

    @Test
    void a_results_page_refused_for_the_daily_api_limit_waits_and_is_read_again_every_record_imported_once() {
        seedLeads(LEADS);
        long results = usage("bulk2.query.results");
        SALESFORCE.faults().limitExceededOn("bulk2.query.results", 1);

        JsonNode run = awaitFinished(post("{\"objects\":[\"Lead\"]}"));

        JsonNode leads = run.path("objects").get(0);
        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("DONE");
        assertThat(leads.path("mode").asText()).isEqualTo("BULK");
        long total = leads.path("totalSize").asLong();
        assertThat(leads.path("read").asLong()).isEqualTo(total);
        // The refused page once (not retried by the route: the import waited for the allowance), then every page.
        assertThat(usage("bulk2.query.results") - results).isEqualTo((total + 9_999) / 10_000 + 1);
        assertEveryLeadImportedOnce();
    }

    // ---- helpers ----

    private void seedLeads(int n) {
        toggles(true, true, true);
        count = n;
        domain = "bulk-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        for (int from = 0; from < n; from += 2_000) {
            int start = from;
            // No change events: records as they were before the service ever subscribed.
            org().inTransaction("", false, tx -> {
                for (int i = start; i < Math.min(n, start + 2_000); i++) {
                    Map<String, Object> f = new HashMap<>(lead("lead" + i + "@" + domain));
                    f.put("LastName", "Bulk \"" + i + "\", imported");
                    seeded.add(tx.insert("Lead", f));
                }
                return null;
            });
        }
    }

    /** Every seeded Lead is a contact with its fields, and has exactly one IMPORTED activity row. */
    private void assertEveryLeadImportedOnce() {
        Map<String, String> lastNames = new HashMap<>();
        jdbc.sql("select email, last_name from contact where email like :d").param("d", "%@" + domain)
                .query(rs -> {
                    lastNames.put(rs.getString("email"), rs.getString("last_name"));
                });
        assertThat(lastNames).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(lastNames.get("lead" + i + "@" + domain)).isEqualTo("Bulk \"" + i + "\", imported");
        }
        List<Map<String, Object>> rows = jdbc.sql("select count(*) as n, count(distinct a.sf_id) as ids "
                + "from sync_activity a join contact c on c.id = a.contact_id "
                + "where a.action = 'IMPORTED' and c.email like :d").param("d", "%@" + domain).query().listOfRows();
        assertThat(((Number) rows.get(0).get("n")).longValue()).isEqualTo(count);
        assertThat(((Number) rows.get(0).get("ids")).longValue()).isEqualTo(count);
    }

    private long storedRead() {
        return jdbc.sql("select read_count from initial_import_state where object_type = 'Lead' and state = 'RUNNING'")
                .query(Long.class).optional().orElse(0L);
    }

    private static long usage(String operation) {
        return SALESFORCE.usage().count(operation);
    }

    private ResponseEntity<JsonNode> post(String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> r = rest.withBasicAuth("admin", ADMIN_PASSWORD).postForEntity(API,
                new HttpEntity<>(body, h), JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return r;
    }

    private JsonNode readApi() {
        return rest.withBasicAuth("admin", ADMIN_PASSWORD).getForEntity(API, JsonNode.class).getBody();
    }

    private JsonNode awaitFinished(ResponseEntity<JsonNode> started) {
        return awaitFinished(started.getBody().path("id").asText());
    }

    private JsonNode awaitFinished(String id) {
        return await().atMost(IMPORT_WAIT).pollInterval(Duration.ofMillis(200)).until(
                () -> rest.withBasicAuth("admin", ADMIN_PASSWORD).getForEntity(API + "/" + id, JsonNode.class)
                        .getBody(),
                run -> !"RUNNING".equals(run.path("state").asText()));
    }
}
