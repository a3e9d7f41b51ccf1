package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.internal.streaming.ReplayIdTestAccess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Restarts, rejected replay ids, expired tokens, dropped CometD clients and failed subscribes lose nothing. */
class InboundDurabilityTest extends InboundTestSupport {

    @Autowired
    InboundStreamHealth health;

    @Test
    void a_restart_mid_stream_applies_every_event_exactly_once() throws Exception {
        long firstOfTest = SALESFORCE.events().lastReplayId();
        List<String> emails = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            emails.add(email("restart" + i));
            ids.add(org().create("Lead", lead(emails.get(i))));
        }
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> emails.stream().filter(e -> contacts.findByEmail(e).isPresent()).count() >= 4);

        camel.getRouteController().stopRoute("inbound-leads");
        for (int i = 10; i < 20; i++) {
            emails.add(email("restart" + i));
            ids.add(org().create("Lead", lead(emails.get(i))));
        }
        // Worst case: the consumer resumes from before what was applied (as after a crash between receive and
        // commit): the already applied events come again and must be recognised.
        ReplayIdTestAccess.setReplayId(LEADS, firstOfTest);
        long duplicatesBefore = writer.droppedDuplicates();
        camel.getRouteController().startRoute("inbound-leads");

        for (String email : emails) {
            awaitContact(email);
        }
        awaitQuiet();
        for (String id : ids) {
            assertThat(count(id, "CREATED")).as("CREATED rows of %s", id).isEqualTo(1);
        }
        assertThat(writer.droppedDuplicates()).isGreaterThan(duplicatesBefore);
        assertThat(storedPosition(LEADS)).contains(writer.position(LEADS).orElseThrow());
    }

    @Test
    void a_rejected_stored_replay_id_falls_back_to_all_retained_events_without_applying_any_twice() throws Exception {
        String before = org().create("Lead", lead(email("before-reject")));
        awaitActivity(before, "CREATED");
        camel.getRouteController().stopRoute("inbound-leads");
        String email = email("after-reject");
        String during = org().create("Lead", lead(email));
        ReplayIdTestAccess.setReplayId(LEADS, 987_654_321L); // not a retained id: Salesforce answers 400

        camel.getRouteController().startRoute("inbound-leads");

        awaitContact(email);
        awaitQuiet();
        assertThat(count(during, "CREATED")).isEqualTo(1);
        assertThat(count(before, "CREATED")).isEqualTo(1);
        assertThat(jdbc.sql("""
                select count(*) from (select sf_id from sync_activity where action = 'CREATED' and object_type = 'Lead'
                group by sf_id having count(*) > 1) twice""").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from sync_activity where reason = 'REPLAY_ID_REJECTED'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void token_expiry_while_streaming_loses_no_event() throws Exception {
        SALESFORCE.expireTokens();
        String email = email("token");
        String leadId = org().create("Lead", lead(email));
        awaitContact(email);
        // The re-read after an expired token (REST 401) logs in again too.
        SALESFORCE.expireTokens();
        org().update("Lead", leadId, Map.of("Title", "After Expiry"));
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> "After Expiry".equals(contacts.findByEmail(email).get().title()));
        assertThat(count(leadId, "CREATED")).isEqualTo(1);
    }

    @Test
    void an_unknown_client_403_re_handshakes_and_delivers_the_events_published_meanwhile() throws Exception {
        SALESFORCE.faults().unknownClientOnNextConnects(1);
        SALESFORCE.expireCometdClients();
        List<String> emails = List.of(email("unknown1"), email("unknown2"), email("unknown3"));
        List<String> ids = emails.stream().map(e -> org().create("Lead", lead(e))).toList();

        emails.forEach(this::awaitContact);
        awaitQuiet();
        ids.forEach(id -> assertThat(count(id, "CREATED")).isEqualTo(1));
    }

    @Test
    void a_failed_subscribe_is_detected_and_the_route_restarted_without_losing_events() throws Exception {
        long lostBefore = jdbc.sql("select count(*) from sync_activity where reason = 'SUBSCRIPTION_LOST'")
                .query(Long.class).single();
        camel.getRouteController().stopRoute("inbound-accounts");
        assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
        SALESFORCE.faults().failSubscribes("403::Forbidden", 1);

        camel.getRouteController().startRoute("inbound-accounts");
        String accountId = org().create("Account", Map.of("Name", "Published While Dead"));

        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> jdbc.sql(
                "select count(*) from sync_activity where reason = 'SUBSCRIPTION_LOST'").query(Long.class).single()
                > lostBefore);
        awaitActivity(accountId, "CREATED");
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> health.isSubscribed(ACCOUNTS));
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> "UP".equals(health.health().getStatus().getCode()));
        assertThat(count(accountId, "CREATED")).isEqualTo(1);
    }
}
