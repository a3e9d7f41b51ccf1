package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapRestored;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Field updates while Salesforce cannot take them: an outage or timeouts outlasting the retries leave the changes
 * queued (PENDING) with the reason, in the activity log and on the dashboard, and they are sent once Salesforce
 * answers: none FAILED, none lost. A request Salesforce refuses as a whole still fails its records with the reason.
 */
@ExtendWith(FieldMapRestored.class)
class OutboundUpdateWaitsTest extends OutboundTestSupport {

    private static final String UPDATE_CALL = "composite.sobjects.update";

    @Autowired
    FieldMap fieldMap;

    @Autowired
    ActivityLog activity;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void titleAlwaysFromConversion() {
        fieldMap.put(new FieldMapping(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION), "test");
    }

    @Test
    void an_outage_longer_than_the_retries_leaves_updates_queued_with_the_reason_and_sends_them_once_it_ends()
            throws Exception {
        List<Contact> leads = syncedLeads("outage", 3);
        SALESFORCE.faults().outage(Duration.ofMinutes(5)); // far longer than the retries; ended below

        leads.forEach(c -> patch(c, "During outage " + c.id()));

        for (Contact c : leads) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> waits(c, "SALESFORCE_UNAVAILABLE"));
            assertThat(queued(c)).singleElement().satisfies(u -> {
                assertThat(u.get("status")).isEqualTo("PENDING");
                assertThat((String) u.get("error")).startsWith("SALESFORCE_UNAVAILABLE").contains("503");
            });
        }
        Map<String, Object> outbound = dashboardOutbound();
        assertThat((String) outbound.get("waitingFor")).startsWith("SALESFORCE_UNAVAILABLE");
        assertThat(((Number) outbound.get("updatesPending")).longValue()).isGreaterThanOrEqualTo(3);
        // A change made during the outage waits too, and its newer value is the one sent.
        patch(leads.get(0), "Latest " + leads.get(0).id());

        SALESFORCE.faults().clear();

        awaitTitle(leads.get(0), "Latest " + leads.get(0).id());
        for (Contact c : leads.subList(1, leads.size())) {
            awaitTitle(c, "During outage " + c.id());
        }
        for (Contact c : leads) {
            await().atMost(Duration.ofSeconds(10)).until(() -> queued(c).isEmpty());
            assertThat(failedRows(c)).as("never FAILED for the outage").isEmpty();
        }
        assertThat(dashboardOutbound().get("waitingFor")).isNull();
    }

    @Test
    void updates_whose_requests_time_out_on_every_retry_wait_queued_and_are_sent_when_salesforce_answers_in_time()
            throws Exception {
        Contact c = syncedLeads("timeout", 1).get(0);
        // Every attempt (the first and 3 retries in the tests) answers after the client's 4 s timeout.
        SALESFORCE.faults().slowOn(UPDATE_CALL, 4, 5000);

        patch(c, "After timeouts");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> waits(c, "SALESFORCE_TIMEOUT"));
        awaitTitle(c, "After timeouts");
        await().atMost(Duration.ofSeconds(30)).until(() -> queued(c).isEmpty());
        assertThat(failedRows(c)).as("never FAILED for a timeout").isEmpty();
    }

    @Test
    void a_request_salesforce_refuses_as_a_whole_fails_its_records_with_the_reason_and_is_retriable()
            throws Exception {
        Contact c = syncedLeads("rejected", 1).get(0);
        SALESFORCE.faults().rejectOn(UPDATE_CALL, 1, "JSON_PARSER_ERROR", "Unexpected character in the request");

        patch(c, "Refused");

        await().atMost(Duration.ofSeconds(30)).until(() -> !failedRows(c).isEmpty());
        assertThat(failedRows(c)).singleElement().satisfies(a -> {
            assertThat(a.reason()).isEqualTo("SALESFORCE_REJECTED");
            assertThat(a.message()).contains("JSON_PARSER_ERROR").contains("Unexpected character");
        });
        assertThat(queued(c)).singleElement().satisfies(u -> assertThat(u.get("status")).isEqualTo("FAILED"));
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.SKIPPED, null, c.id(), null, 10)))
                .as("a refusal is not a wait").noneMatch(a -> "UPDATE".equals(a.action()));

        assertThat(admin().postForEntity("/api/contacts/" + c.id() + "/updates/retry", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        awaitTitle(c, "Refused");
        await().atMost(Duration.ofSeconds(10)).until(() -> queued(c).isEmpty());
    }

    // ---- Helpers ----

    /** Contacts created as Leads by the outbound sync, SYNCED. */
    private List<Contact> syncedLeads(String hint, int count) throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String domain = uniqueDomain(hint);
        List<String> emails = IntStream.range(0, count).mapToObj(i -> "lead" + i + "@" + domain).toList();
        publishJms(emails.stream().map(e -> message(e, "Acme")).toList());
        return emails.stream().map(e -> awaitStatus(e, SyncStatus.SYNCED)).toList();
    }

    private void patch(Contact c, String title) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        assertThat(admin().exchange("/api/contacts/" + c.id(), HttpMethod.PATCH,
                new HttpEntity<>("{\"changes\":{\"title\":\"" + title + "\"}}", h), String.class).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
    }

    private void awaitTitle(Contact c, String title) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Objects.equals(sfRecord("Lead", c.sfLeadId()).get("Title"), title));
    }

    /** The activity log says this contact's update waits for that reason (SKIPPED, action UPDATE). */
    private boolean waits(Contact c, String reason) {
        return activity.find(new ActivityQuery(null, Activity.Outcome.SKIPPED, null, c.id(), reason, 10)).stream()
                .anyMatch(a -> "UPDATE".equals(a.action()));
    }

    private List<Activity> failedRows(Contact c) {
        return activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null, c.id(), null, 20)).stream()
                .filter(a -> a.action() != null && a.action().startsWith("UPDATE")).toList();
    }

    /** The contact's queued or failed changes, as {@code GET /api/contacts/{id}/updates} shows them. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> queued(Contact c) {
        return jdbc.sql("select status, error from outbound_update where target = 'CONTACT' and target_id = :id")
                .param("id", c.id()).query((rs, n) -> Map.<String, Object>of("status", rs.getString(1),
                        "error", Objects.requireNonNullElse(rs.getString(2), ""))).list();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> dashboardOutbound() {
        return (Map<String, Object>) admin().getForObject("/api/dashboard", Map.class).get("outbound");
    }
}
