package io.conversion.sync.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettingsService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** A scrape of /actuator/prometheus after a sync: the counters and gauges moved by what the sync did. */
class PrometheusMetricsTest extends SyncTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ContactRepository contacts;
    @Autowired
    ActivityLog activity;
    @Autowired
    SyncSettingsService settings;

    @AfterEach
    void clearRules() {
        SALESFORCE.org().clearRules();
    }

    @Test
    void records_counters_move_by_what_the_sync_applied_skipped_and_failed() {
        settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, true),
                new SyncSettings.Outbound(true, SyncSettings.CreateAs.LEAD, true, true)), "test");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Double> before = scrape();

        String synced = "metrics-in-" + tag + "@metrics.example";
        SALESFORCE.org().create("Lead", Map.of("LastName", "In", "Company", "Metrics", "Email", synced));
        String noEmail = SALESFORCE.org().create("Lead", Map.of("LastName", "NoEmail", "Company", "Metrics"));
        await().atMost(WAIT).until(() -> contacts.findByEmail(synced), Optional::isPresent);
        await().atMost(WAIT).until(() -> !activity.find(new ActivityQuery(null, null, noEmail, null, null, 5)).isEmpty());

        String outbound = "metrics-out-" + tag + "@metrics.example";
        postContact(outbound);
        Contact sent = await().atMost(WAIT).until(() -> contacts.findByEmail(outbound),
                c -> c.isPresent() && c.get().syncStatus() == SyncStatus.SYNCED).orElseThrow();
        Activity created = activity.find(new ActivityQuery(Activity.Direction.OUTBOUND, null, null, sent.id(), null, 5))
                .get(0);

        String rejected = "metrics-rejected-" + tag + "@metrics.example";
        SALESFORCE.org().rejectEmailsMatching("metrics-rejected-" + tag + ".*", "Emails like this are not allowed");
        postContact(rejected);
        await().atMost(WAIT).until(() -> contacts.findByEmail(rejected).map(Contact::syncStatus),
                s -> s.equals(Optional.of(SyncStatus.FAILED)));

        Map<String, Double> after = scrape();
        assertThat(delta(before, after, records("inbound", "Lead", "applied", "none"))).isEqualTo(1);
        assertThat(delta(before, after, records("inbound", "Lead", "skipped", "NO_EMAIL"))).isEqualTo(1);
        assertThat(delta(before, after, records("outbound", "Lead", "applied",
                created.reason() == null ? "none" : created.reason()))).isEqualTo(1);
        assertThat(delta(before, after, records("outbound", "Lead", "failed", "SALESFORCE_ERROR"))).isEqualTo(1);
        assertThat(delta(before, after, "conversion_sync_outbound_backlog{status=\"failed\"}")).isEqualTo(1);
        assertThat(after).containsKeys("conversion_sync_outbound_backlog{status=\"pending\"}",
                "conversion_sync_outbound_dead_letters",
                "conversion_sync_inbound_queued_events");
        assertThat(after.get("conversion_sync_inbound_stream_subscribed{object=\"Lead\"}")).isEqualTo(1.0);
        // The stream gauges read a view cached for a second: the Lead event shows once it has been refreshed.
        String age = "conversion_sync_inbound_stream_last_event_age_seconds{object=\"Lead\"}";
        assertThat(await().atMost(WAIT).until(() -> scrape().get(age), a -> a != null && !a.isNaN()))
                .isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void latency_histograms_batch_sizes_and_stream_lag_count_each_record_synced() {
        settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, true),
                new SyncSettings.Outbound(true, SyncSettings.CreateAs.LEAD, true, true)), "test");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Double> before = scrape();
        for (int i = 0; i < 3; i++) {
            SALESFORCE.org().create("Lead", Map.of("LastName", "Lat" + i, "Company", "Metrics",
                    "Email", "latency-in-" + i + "-" + tag + "@metrics.example"));
        }
        for (int i = 0; i < 3; i++) {
            String email = "latency-in-" + i + "-" + tag + "@metrics.example";
            await().atMost(WAIT).until(() -> contacts.findByEmail(email), Optional::isPresent);
        }
        Map<String, Double> inbound = scrape();
        assertThat(delta(before, inbound, "conversion_sync_inbound_latency_seconds_count{object=\"Lead\"}"))
                .isEqualTo(3);
        assertThat(delta(before, inbound, "conversion_sync_inbound_latency_seconds_bucket{object=\"Lead\",le=\"+Inf\"}"))
                .isEqualTo(3);
        assertThat(delta(before, inbound, "conversion_sync_batch_records_sum{direction=\"inbound\",kind=\"EVENTS\"}"))
                .isEqualTo(3);
        assertThat(delta(before, inbound, "conversion_sync_batch_records_count{direction=\"inbound\",kind=\"EVENTS\"}"))
                .isBetween(1.0, 3.0);
        // The newest event's Salesforce commit → Conversion commit: known, and within the wait above.
        assertThat(inbound.get("conversion_sync_inbound_stream_lag_seconds{object=\"Lead\"}"))
                .isBetween(0.0, (double) WAIT.toSeconds());

        for (int i = 0; i < 2; i++) {
            postContact("latency-out-" + i + "-" + tag + "@metrics.example");
        }
        for (int i = 0; i < 2; i++) {
            String email = "latency-out-" + i + "-" + tag + "@metrics.example";
            await().atMost(WAIT).until(() -> contacts.findByEmail(email),
                    c -> c.isPresent() && c.get().syncStatus() == SyncStatus.SYNCED);
        }
        Map<String, Double> outbound = scrape();
        assertThat(delta(inbound, outbound, "conversion_sync_outbound_latency_seconds_count{object=\"Lead\"}"))
                .isEqualTo(2);
        assertThat(delta(inbound, outbound, "conversion_sync_batch_records_sum{direction=\"outbound\",kind=\"CREATE\"}"))
                .isEqualTo(2);
        assertThat(delta(inbound, outbound, "conversion_sync_outbound_latency_seconds_sum{object=\"Lead\"}"))
                .isBetween(0.0, 2.0 * WAIT.toSeconds());
    }

    private static String records(String direction, String object, String outcome, String reason) {
        return "conversion_sync_records_total{direction=\"" + direction + "\",object=\"" + object + "\",outcome=\""
                + outcome + "\",reason=\"" + reason + "\"}";
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("series %s", series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private Map<String, Double> scrape() {
        var response = rest.withBasicAuth("admin", ADMIN_PASSWORD).getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Double> samples = new HashMap<>();
        Matcher m = SAMPLE.matcher(response.getBody());
        while (m.find()) {
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    private void postContact(String email) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(rest.withBasicAuth("admin", ADMIN_PASSWORD).postForEntity("/api/contacts",
                new HttpEntity<>("{\"email\":\"" + email + "\",\"lastName\":\"Metrics\",\"company\":\"Metrics\"}",
                        headers), String.class).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }
}
