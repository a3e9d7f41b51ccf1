package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.budget.ApiBudget.Level;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapRestored;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Duration;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The daily API budget against the emulated org (limit 100,000: reserve 20,000, deferrable work pauses from 25,000
 * left), through the real camel-salesforce client: usage read from every answer, the order in which work waits as
 * the allowance runs down, and that it all resumes by itself, nothing FAILED.
 */
@ExtendWith(FieldMapRestored.class)
class ApiBudgetTest extends OutboundTestSupport {

    private static final String IMPORT = "/api/sync/initial-import";

    @Autowired
    ApiBudget budget;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    ActivityLog activity;
    @Autowired
    FieldMap fieldMap;
    @Autowired
    JdbcClient jdbc;

    long limit;

    @BeforeEach
    void fullAllowance() {
        limit = SALESFORCE.usage().dailyLimit();
        SALESFORCE.usage().remaining(limit);
        tellBudget();
        outbound(true, CreateAs.LEAD, false, false);
    }

    @AfterEach
    void allowanceBack() {
        SALESFORCE.faults().clear();
        SALESFORCE.usage().remaining(limit);
        await().atMost(Duration.ofSeconds(30)).until(() -> budget.level() == Level.NORMAL);
    }

    @Test
    void the_usage_of_every_answer_is_read_successes_and_errors_and_shown_without_a_call_of_its_own() throws Exception {
        String email = "header@" + uniqueDomain("budget");
        publishJms(message(email));
        awaitStatus(email, SyncStatus.SYNCED);
        assertThat(budget.snapshot().used()).as("the create's answer").isEqualTo(SALESFORCE.usage().usedToday());
        assertThat(budget.snapshot().max()).isEqualTo(limit);

        SALESFORCE.faults().unavailableOn("query", 1);
        long before = SALESFORCE.usage().usedToday();
        try {
            camel.requestBody("salesforce:query?rawPayload=true", "SELECT Id FROM Lead LIMIT 1", String.class);
        } catch (RuntimeException expected503) {
            // the usage rides on the error answer too
        }
        assertThat(budget.snapshot().used()).as("a 503's answer").isEqualTo(before + 1);

        long limitsCalls = SALESFORCE.usage().count("limits");
        long total = SALESFORCE.usage().total();
        JsonNode health = admin().getForObject("/actuator/health", JsonNode.class)
                .path("components").path("salesforceApi");
        String metrics = admin().getForObject("/actuator/prometheus", String.class);
        JsonNode dashboard = admin().getForObject("/api/dashboard", JsonNode.class).path("salesforceApi");

        long used = before + 1;
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("state").asText()).isEqualTo("NORMAL");
        assertThat(health.path("details").path("used").asLong()).isEqualTo(used);
        assertThat(health.path("details").path("remaining").asLong()).isEqualTo(limit - used);
        assertThat(health.path("details").path("reserve").asLong()).isEqualTo(limit / 5);
        assertThat(metrics).contains("conversion_sync_salesforce_api_requests_used " + (double) used)
                .contains("conversion_sync_salesforce_api_requests_remaining " + (double) (limit - used))
                .contains("conversion_sync_salesforce_api_requests_reserve " + (double) (limit / 5))
                .contains("conversion_sync_salesforce_api_requests_max " + (double) limit);
        assertThat(dashboard.path("used").asLong()).isEqualTo(used);
        assertThat(SALESFORCE.usage().count("limits")).as("no limits call").isEqualTo(limitsCalls);
        assertThat(SALESFORCE.usage().total()).as("no API call at all").isEqualTo(total);
    }

    @Test
    void near_the_reserve_the_import_and_retries_wait_first_at_the_reserve_outbound_waits_then_all_resume()
            throws Exception {
        // 24,000 left: within the margin above the reserve.
        SALESFORCE.usage().remaining(24_000);
        tellBudget();
        assertThat(budget.level()).isEqualTo(Level.LOW);

        // 1. Deferrable work waits: the import makes no call and says why.
        String importId = startImport();
        JsonNode waiting = await().atMost(Duration.ofSeconds(30)).until(() -> accountImport(importId),
                o -> o.path("waitingFor").asText().startsWith("API_BUDGET_LOW"));
        assertThat(waiting.path("state").asText()).isEqualTo("RUNNING");
        assertThat(waiting.path("read").asLong()).isZero();

        // 2. Outbound still goes, slower: a new contact is synced.
        String first = "low@" + uniqueDomain("budget");
        publishJms(message(first));
        awaitStatus(first, SyncStatus.SYNCED);

        // 3. A retry is deferrable: after a 503 the batch waits PENDING with the reason (not retried at once,
        //    never FAILED), and the next (spaced) batch sends it.
        String retried = "retry@" + uniqueDomain("budget");
        SALESFORCE.faults().unavailableOn("composite.sobjects.create", 1); // not the rechecks of the limits
        publishJms(message(retried));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> contacts.findByEmail(retried).map(c -> waits(c.id(), "API_BUDGET_LOW")).orElse(false));
        assertThat(awaitStatus(retried, SyncStatus.SYNCED).syncError()).isNull();
        long queriesBefore = queryCalls(); // the retry reconciled with a query; the import has made none
        assertThat(accountImport(importId).path("read").asLong()).isZero();

        // 4. At the reserve outbound waits too, the reason on the contact.
        SALESFORCE.usage().remaining(19_000);
        tellBudget();
        assertThat(budget.level()).isEqualTo(Level.RESERVE);
        long createsBefore = SALESFORCE.usage().count("composite.sobjects.create");
        String held = "reserve@" + uniqueDomain("budget");
        publishJms(message(held));
        await().atMost(Duration.ofSeconds(30)).until(() -> contacts.findByEmail(held).isPresent());
        long rechecks = SALESFORCE.usage().count("limits");
        // Two rechecks of the limits later (the outbound poll has run several times meanwhile): still waiting.
        await().atMost(Duration.ofSeconds(30)).until(() -> SALESFORCE.usage().count("limits") >= rechecks + 2);
        JsonNode shown = admin().getForObject("/api/contacts?email=" + held, JsonNode.class);
        assertThat(shown.path("syncStatus").asText()).isEqualTo("PENDING");
        assertThat(shown.path("syncError").asText()).startsWith("API_BUDGET_RESERVE: ")
                .contains(" of " + limit + " daily API requests left").contains("reserve of " + limit / 5);
        assertThat(SALESFORCE.usage().count("composite.sobjects.create")).isEqualTo(createsBefore);
        assertThat(accountImport(importId).path("read").asLong()).isZero();
        JsonNode health = admin().getForObject("/actuator/health", JsonNode.class).path("components")
                .path("salesforceApi").path("details");
        assertThat(health.path("state").asText()).isEqualTo("RESERVE");
        assertThat(health.path("waitingFor").asText()).startsWith("API_BUDGET_RESERVE");

        // 5. The allowance recovers (the rolling window): only the recheck sees it, and everything resumes.
        SALESFORCE.usage().remaining(limit);
        Contact synced = awaitStatus(held, SyncStatus.SYNCED);
        assertThat(synced.syncError()).isNull();
        JsonNode imported = await().atMost(Duration.ofMinutes(2)).until(() -> accountImport(importId),
                o -> !"RUNNING".equals(o.path("state").asText()));
        assertThat(imported.path("state").asText()).isEqualTo("DONE");
        assertThat(imported.path("read").asLong()).isEqualTo(imported.path("totalSize").asLong());
        assertThat(imported.path("waitingFor").isNull()).isTrue();
        assertThat(queryCalls() - queriesBefore).as("the import's pages, after the wait only")
                .isEqualTo(imported.path("pages").asLong());
        for (String email : List.of(first, retried, held)) {
            assertThat(sfRecords("Lead", "Email", email)).as(email).hasSize(1);
            assertThat(failedRows(contacts.findByEmail(email).orElseThrow().id())).as(email).isZero();
        }
    }

    @Test
    void an_exhausted_daily_limit_leaves_contacts_pending_with_the_reason_and_they_sync_when_it_resets()
            throws Exception {
        SALESFORCE.usage().remaining(0); // the service does not know yet: its next call is refused
        List<String> emails = List.of("spent1@" + uniqueDomain("budget"), "spent2@" + uniqueDomain("budget"),
                "spent3@" + uniqueDomain("budget"));
        publishJms(emails.stream().map(OutboundTestSupport::message).toList());

        await().atMost(Duration.ofSeconds(30)).until(() -> emails.stream().allMatch(e -> contacts.findByEmail(e)
                .map(c -> c.syncError() != null && c.syncError().startsWith("API_LIMIT_EXCEEDED")).orElse(false)
                || budget.level() == Level.EXHAUSTED && contacts.findByEmail(e).isPresent()));
        assertThat(budget.level()).isEqualTo(Level.EXHAUSTED);
        long waitedRows = 0;
        for (String email : emails) {
            JsonNode shown = admin().getForObject("/api/contacts?email=" + email, JsonNode.class);
            assertThat(shown.path("syncStatus").asText()).as(email).isEqualTo("PENDING");
            assertThat(shown.path("syncError").asText()).as(email).startsWith("API_LIMIT_EXCEEDED");
            long id = shown.path("id").asLong();
            waitedRows += activity.find(new ActivityQuery(null, Activity.Outcome.SKIPPED, null, id, null, 50))
                    .stream().filter(a -> "API_LIMIT_EXCEEDED".equals(a.reason())).count();
            assertThat(failedRows(id)).isZero();
            assertThat(sfRecords("Lead", "Email", email)).isEmpty();
        }
        assertThat(waitedRows).as("one row per contact of the refused batch").isGreaterThanOrEqualTo(1);
        assertThat(admin().getForObject("/actuator/health", JsonNode.class).path("components")
                .path("salesforceApi").path("details").path("state").asText()).isEqualTo("EXHAUSTED");

        // 24 h later the calls roll out of the window: nothing but the recheck calls Salesforce, and the contacts go
        // by themselves.
        SALESFORCE.usage().advanceWindow(Duration.ofHours(24).plusMinutes(1));
        assertThat(SALESFORCE.usage().usedToday()).isZero();
        for (String email : emails) {
            Contact c = awaitStatus(email, SyncStatus.SYNCED);
            assertThat(c.syncError()).isNull();
            assertThat(sfRecords("Lead", "Email", email)).as(email).hasSize(1);
            assertThat(failedRows(c.id())).isZero();
            assertThat(deadLetters(email)).isEmpty();
        }
    }

    @Test
    void an_update_refused_for_the_exhausted_limit_stays_queued_and_lands_when_it_resets() throws Exception {
        fieldMap.put(new FieldMapping(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION), "test");
        String email = "update@" + uniqueDomain("budget");
        publishJms(message(email));
        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        SALESFORCE.usage().remaining(0);

        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        admin().exchange("/api/contacts/" + c.id(), HttpMethod.PATCH,
                new HttpEntity<>("{\"changes\":{\"title\":\"Waited\"}}", h), String.class);

        await().atMost(Duration.ofSeconds(30)).until(() -> activity.find(new ActivityQuery(null,
                Activity.Outcome.SKIPPED, null, c.id(), null, 50)).stream()
                .anyMatch(a -> "UPDATE".equals(a.action()) && "API_LIMIT_EXCEEDED".equals(a.reason())));
        assertThat(updates(c.id(), "FAILED")).isZero();
        assertThat(updates(c.id(), "PENDING")).isEqualTo(1);
        assertThat(sfRecord("Lead", c.sfLeadId()).get("Title")).isNotEqualTo("Waited");

        SALESFORCE.usage().remaining(limit);
        await().atMost(Duration.ofSeconds(30)).until(() -> "Waited".equals(sfRecord("Lead", c.sfLeadId()).get("Title")));
        await().atMost(Duration.ofSeconds(30)).until(() -> updates(c.id(), "PENDING") == 0);
        assertThat(updates(c.id(), "FAILED")).isZero();
    }

    // ---- helpers ----

    private long updates(long contactId, String status) {
        return jdbc.sql("select count(*) from outbound_update where target = 'CONTACT' and target_id = :id "
                        + "and status = :status").param("id", contactId).param("status", status)
                .query(Long.class).single();
    }


    /** One call through the real client: its answer tells the budget the org's usage as it is now. */
    private void tellBudget() {
        try {
            camel.requestBody("salesforce:limits", (Object) null);
        } catch (RuntimeException refused) {
            // a refused call carries the usage as well
        }
    }

    private boolean waits(long contactId, String reason) {
        return activity.find(new ActivityQuery(null, Activity.Outcome.SKIPPED, null, contactId, null, 50)).stream()
                .anyMatch(a -> reason.equals(a.reason()));
    }

    private long failedRows(long contactId) {
        return activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null, contactId, null, 50)).size();
    }

    private String startImport() {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return admin().postForEntity(IMPORT, new HttpEntity<>("{\"objects\":[\"Account\"]}", h), JsonNode.class)
                .getBody().path("id").asText();
    }

    private JsonNode accountImport(String id) {
        return admin().getForObject(IMPORT + "/" + id, JsonNode.class).path("objects").path(0);
    }

    private static long queryCalls() {
        return SALESFORCE.usage().count("query") + SALESFORCE.usage().count("queryMore");
    }
}
