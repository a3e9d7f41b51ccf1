package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.api.dto.CreateSObjectResult;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.salesforce.internal.streaming.ReplayIdTestAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the emulator with the real, unmodified camel-salesforce 4.17.0 component. */
class CamelClientAgainstEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SalesforceEmulator emu;
    private CamelContext camel;
    private ProducerTemplate template;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** camel-salesforce 4.17.0 can register its channel listener twice (connect/subscribe race, spec 3.5): dedupe by replayId. */
    private final java.util.Set<Long> seenReplayIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startEmulator() {
        emu = SalesforceEmulator.start(EmulatorConfig.forTests());
    }

    @AfterAll
    static void stopEmulator() {
        emu.stop();
    }

    @BeforeEach
    void startCamel() throws Exception {
        emu.reset();
        newCamel();
    }

    private void newCamel() throws Exception {
        camel = EmulatorWireTestBase.camelAgainst(emu, "io.conversion.sync.emulator");
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    private void subscribe(String channel, long replayId) throws Exception {
        ReplayIdTestAccess.setReplayId(channel, replayId);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("salesforce:subscribe:" + channel + "?rawPayload=true").routeId("sub-" + channel)
                        .process(e -> {
                            if (seenReplayIds.add(e.getMessage().getHeader("CamelSalesforceReplayId", Long.class))) {
                                received.add(e.getMessage().getBody(String.class));
                            }
                        });
            }
        });
        assertThat(emu.awaitSubscription(channel, java.time.Duration.ofSeconds(15)))
                .as("subscribed to %s; /meta/subscribe replay ids seen: %s", channel, emu.subscribeReplayIds(channel)).isTrue();
    }

    private JsonNode nextEvent() throws Exception {
        String s = received.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("expected a CDC event").isNotNull();
        return JSON.readTree(s);
    }

    private String createLead(String body) {
        CreateSObjectResult r = template.requestBodyAndHeader("salesforce:createSObject?sObjectName=Lead", body,
                "Sforce-Call-Options", "client=camel-test", CreateSObjectResult.class);
        return r.getId();
    }

    @Test
    void logs_in_creates_reads_updates_and_queries_a_lead() throws Exception {
        String id = createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\",\"Email\":\"jd@acme.com\"}");
        assertThat(id).startsWith("00Q").hasSize(18);

        template.requestBodyAndHeader("salesforce:updateSObject?sObjectName=Lead&sObjectId=" + id, "{\"Title\":\"CTO\"}",
                "Sforce-Call-Options", "client=camel-test");
        String raw = template.requestBody("salesforce:getSObject?sObjectName=Lead&sObjectId=" + id + "&sObjectFields=Id,Title&rawPayload=true",
                null, String.class);
        assertThat(JSON.readTree(raw).get("Title").asText()).isEqualTo("CTO");

        String q = template.requestBody("salesforce:query?rawPayload=true", "SELECT Id, Email FROM Lead WHERE Email = 'JD@ACME.COM'", String.class);
        JsonNode result = JSON.readTree(q);
        assertThat(result.get("totalSize").asInt()).isEqualTo(1);
        assertThat(result.get("records").get(0).get("Id").asText()).isEqualTo(id);
        assertThat(emu.usage().count("sobject.create")).isEqualTo(1);
    }

    @Test
    void maps_validation_errors_to_salesforce_exception() {
        assertThatThrownBy(() -> createLead("{\"LastName\":\"Doe\"}"))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(SalesforceException.class)
                .satisfies(e -> {
                    SalesforceException se = (SalesforceException) e;
                    assertThat(se.getStatusCode()).isEqualTo(400);
                    assertThat(se.getErrors().get(0).getErrorCode()).isEqualTo("REQUIRED_FIELD_MISSING");
                    assertThat(se.getErrors().get(0).getFields()).containsExactly("Company");
                });
    }

    @Test
    void pages_query_results_over_two_thousand_records() throws Exception {
        List<Map<String, ?>> batch = new ArrayList<>();
        emu.org().inTransaction("", tx -> {
            for (int i = 0; i < 2500; i++) tx.insert("Lead", Map.of("LastName", "L" + i, "Company", "Bulk"));
            return null;
        });
        JsonNode first = JSON.readTree(template.requestBody("salesforce:query?rawPayload=true", "SELECT Id FROM Lead", String.class));
        assertThat(first.get("totalSize").asInt()).isEqualTo(2500);
        assertThat(first.get("done").asBoolean()).isFalse();
        assertThat(first.get("records")).hasSize(2000);
        JsonNode second = JSON.readTree(template.requestBody("salesforce:queryMore?rawPayload=true", first.get("nextRecordsUrl").asText(), String.class));
        assertThat(second.get("records")).hasSize(500);
        assertThat(second.get("done").asBoolean()).isTrue();

        @SuppressWarnings("unchecked")
        Iterator<TestLead> it = template.requestBody("salesforce:query?streamQueryResult=true&sObjectClass=" + QueryRecordsTestLead.class.getName(),
                "SELECT Id, LastName FROM Lead", Iterator.class);
        int n = 0;
        while (it.hasNext()) { it.next(); n++; }
        assertThat(n).isEqualTo(2500);
        assertThat(batch).isEmpty();
    }

    @Test
    void creates_and_updates_sobject_collections_with_per_record_results() {
        List<TestLead> leads = List.of(TestLead.of("A", "Acme", "a@acme.com"), TestLead.of("B", null, "b@acme.com"), TestLead.of("C", "Acme", "c@acme.com"));
        @SuppressWarnings("unchecked")
        List<SaveSObjectResult> results = template.requestBody("salesforce:compositeCreateSObjectCollections", leads, List.class);
        assertThat(results).hasSize(3);
        assertThat(results.get(0).getSuccess()).isTrue();
        assertThat(results.get(1).getSuccess()).isFalse();
        assertThat(results.get(1).getErrors().get(0).getErrorCode()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(results.get(2).getId()).startsWith("00Q");

        TestLead update = new TestLead();
        update.setId(results.get(0).getId());
        update.setEmail("new@acme.com");
        @SuppressWarnings("unchecked")
        List<SaveSObjectResult> updated = template.requestBody("salesforce:compositeUpdateSObjectCollections", List.of(update), List.class);
        assertThat(updated.get(0).getErrors()).as(updated.get(0).getErrors().isEmpty() ? "" : updated.get(0).getErrors().get(0).getErrorCode() + " " + updated.get(0).getErrors().get(0).getMessage()).isEmpty();
        assertThat(emu.org().get("Lead", results.get(0).getId()).orElseThrow().get("Email")).isEqualTo("new@acme.com");
    }

    @Test
    void relogs_in_after_token_expiry_on_rest() {
        createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\"}");
        emu.expireTokens();
        String id = createLead("{\"LastName\":\"Roe\",\"Company\":\"Acme\"}");
        assertThat(id).startsWith("00Q");
        assertThat(emu.usage().count("oauth.token")).isEqualTo(2);
    }

    @Test
    void retries_after_injected_session_expiry() {
        emu.faults().sessionExpired(1);
        assertThat(createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\"}")).startsWith("00Q");
    }

    @Test
    void streams_new_lead_events_with_change_origin_client() throws Exception {
        subscribe("/data/LeadChangeEvent", -1);
        String id = createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\"}");
        JsonNode event = nextEvent();
        JsonNode header = event.at("/data/payload/ChangeEventHeader");
        assertThat(header.get("changeType").asText()).isEqualTo("CREATE");
        assertThat(header.get("recordIds").get(0).asText()).isEqualTo(id);
        assertThat(header.get("changeOrigin").asText()).isEqualTo("com/salesforce/api/rest/56.0;client=camel-test");
        assertThat(event.at("/data/payload/Name/LastName").asText()).isEqualTo("Doe");
    }

    @Test
    void replays_all_retained_events_with_minus_two_and_after_a_stored_id() throws Exception {
        String first = emu.org().create("Lead", Map.of("LastName", "One", "Company", "Acme"));
        long firstReplay = emu.events().lastReplayId();
        String second = emu.org().create("Lead", Map.of("LastName", "Two", "Company", "Acme"));
        subscribe("/data/LeadChangeEvent", -2);
        assertThat(nextEvent().at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(first);
        assertThat(nextEvent().at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(second);
        camel.stop(); // restart, as an app would after a crash, resuming from a stored replay id
        newCamel();
        received.clear();
        seenReplayIds.clear();

        subscribe("/data/LeadChangeEvent", firstReplay);
        assertThat(nextEvent().at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(second);
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    @org.junit.jupiter.api.Disabled("camel-salesforce 4.17.0 race, not an emulator bug (fails ~1 run in 2 even with a 15 s wait): "
            + "SubscriptionHelper's connect listener (worker pool) calls clientChannel.subscribe(sameListener) again while the first "
            + "/meta/subscribe is outstanding; cometd 9 (AbstractSessionChannel.subscribe) adds the listener a second time "
            + "(CopyOnWriteArrayList, count 2) without sending. On the 400 replay error cometd's receive() removes only one copy "
            + "(count 1), so Camel's fallback subscribe(-1) takes nonFirstSubscribe and never reaches the server: the emulator sees "
            + "only [999999] (emu.subscribeReplayIds). The emulator's reply keeps id+subscription as Salesforce does "
            + "(EmulatorProtocolTest.invalid_replay_id_reply_keeps_id_and_subscription_so_cometd_drops_the_failed_listener, "
            + "cometd_rejects_invalid_replay_id_and_expired_token).")
    void falls_back_to_new_events_on_invalid_replay_id() throws Exception {
        emu.org().create("Lead", Map.of("LastName", "Old", "Company", "Acme"));
        subscribe("/data/LeadChangeEvent", 999_999); // fails with the 400 replay error; camel falls back to -1 and resubscribes
        String id = emu.org().create("Lead", Map.of("LastName", "New", "Company", "Acme"));
        assertThat(nextEvent().at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(id);
    }

    @Test
    void recovers_after_unknown_client_and_receives_events_published_meanwhile() throws Exception {
        subscribe("/data/LeadChangeEvent", -1);
        String before = emu.org().create("Lead", Map.of("LastName", "Before", "Company", "Acme"));
        assertThat(nextEvent().at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(before);
        emu.faults().unknownClientOnNextConnects(1);
        emu.expireCometdClients();
        String meanwhile = emu.org().create("Lead", Map.of("LastName", "Meanwhile", "Company", "Acme"));
        JsonNode ev = nextEvent();
        assertThat(ev.at("/data/payload/ChangeEventHeader/recordIds/0").asText()).as(ev.toString() + " before=" + before).isEqualTo(meanwhile);
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void relogs_in_on_streaming_after_token_expiry() throws Exception {
        subscribe("/data/LeadChangeEvent", -1);
        int subscribes = emu.subscribeReplayIds("/data/LeadChangeEvent").size();
        emu.expireTokens();
        emu.expireCometdClients(); // forces a new connect/handshake with the expired token
        // Subscribed from -1 (new events only) and nothing seen yet: an event is only delivered once the client has
        // logged in again and re-subscribed, so wait for that instead of guessing how long it takes on a busy machine.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> emu.subscribeReplayIds("/data/LeadChangeEvent").size() > subscribes);
        String id = emu.org().create("Lead", Map.of("LastName", "AfterExpiry", "Company", "Acme"));
        assertThat(nextEvent().at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(id);
        assertThat(emu.usage().count("oauth.token")).isGreaterThanOrEqualTo(2);
    }

    // ------------------------------------------------------------------ REST error paths through camel's client

    private static SalesforceException salesforceException(Throwable t) {
        assertThat(t).isInstanceOf(CamelExecutionException.class).cause().isInstanceOf(SalesforceException.class);
        return (SalesforceException) t.getCause();
    }

    @Test
    void upsert_by_external_id_reports_created_flag_and_multiple_choices() {
        String uri = "salesforce:upsertSObject?sObjectName=Account&sObjectIdName=Ext__c&sObjectIdValue=";
        org.apache.camel.component.salesforce.api.dto.UpsertSObjectResult created =
                template.requestBody(uri + "E-1", "{\"Name\":\"Acme\"}", org.apache.camel.component.salesforce.api.dto.UpsertSObjectResult.class);
        assertThat(created.getCreated()).isTrue();
        assertThat(created.getId()).startsWith("001");
        org.apache.camel.component.salesforce.api.dto.UpsertSObjectResult updated =
                template.requestBody(uri + "E-1", "{\"Name\":\"Acme Corp\"}", org.apache.camel.component.salesforce.api.dto.UpsertSObjectResult.class);
        assertThat(updated.getCreated()).isFalse();
        assertThat(updated.getId()).isEqualTo(created.getId());

        emu.org().create("Account", Map.of("Name", "Twin 1", "Ext__c", "DUP"));
        emu.org().create("Account", Map.of("Name", "Twin 2", "Ext__c", "DUP"));
        assertThatThrownBy(() -> template.requestBody(uri + "DUP", "{\"Name\":\"X\"}"))
                .cause().isInstanceOf(org.apache.camel.component.salesforce.api.SalesforceMultipleChoicesException.class)
                .satisfies(e -> {
                    var mc = (org.apache.camel.component.salesforce.api.SalesforceMultipleChoicesException) e;
                    assertThat(mc.getStatusCode()).isEqualTo(300);
                    assertThat(mc.getChoices()).hasSize(2).allSatisfy(c -> assertThat(c).startsWith("/services/data/v56.0/sobjects/Account/001"));
                });
    }

    @Test
    void maps_503_fault_to_salesforce_exception_with_status_and_error_code() {
        emu.faults().unavailable(1);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\"}"));
        SalesforceException se = salesforceException(t);
        assertThat(se.getStatusCode()).isEqualTo(503);
        assertThat(se.getErrors().get(0).getErrorCode()).isEqualTo("SERVER_UNAVAILABLE");
        assertThat(emu.org().count("Lead")).isZero();
        assertThat(createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\"}")).startsWith("00Q");
    }

    @Test
    void maps_request_limit_exceeded_fault_and_exhausted_daily_limit_to_403() {
        emu.faults().limitExceeded(1);
        SalesforceException fault = salesforceException(org.assertj.core.api.Assertions.catchThrowable(
                () -> createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\"}")));
        assertThat(fault.getStatusCode()).isEqualTo(403);
        assertThat(fault.getErrors().get(0).getErrorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(fault.getErrors().get(0).getMessage()).isEqualTo("TotalRequests Limit exceeded.");

        emu.usage().dailyLimit(emu.usage().usedToday());
        SalesforceException exhausted = salesforceException(org.assertj.core.api.Assertions.catchThrowable(
                () -> createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\"}")));
        assertThat(exhausted.getStatusCode()).isEqualTo(403);
        assertThat(exhausted.getErrors().get(0).getErrorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(emu.org().count("Lead")).isZero();
        emu.usage().dailyLimit(100_000);
        assertThat(createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\"}")).startsWith("00Q");
    }

    @Test
    void reads_daily_api_requests_from_the_limits_resource_and_limit_info_header() {
        createLead("{\"LastName\":\"Doe\",\"Company\":\"Acme\"}");
        org.apache.camel.Exchange ex = template.request("salesforce:limits", e -> { });
        org.apache.camel.component.salesforce.api.dto.Limits limits = ex.getMessage().getBody(org.apache.camel.component.salesforce.api.dto.Limits.class);
        assertThat(limits.getDailyApiRequests().getMax()).isEqualTo(100_000);
        assertThat(limits.getDailyApiRequests().getRemaining()).isEqualTo(100_000 - 2);
        assertThat(ex.getMessage().getHeader("Sforce-Limit-Info", String.class)).isEqualTo("api-usage=2/100000");
    }

    @Test
    void query_all_returns_deleted_records_that_query_hides() throws Exception {
        String id = createLead("{\"LastName\":\"Gone\",\"Company\":\"Acme\"}");
        template.requestBody("salesforce:deleteSObject?sObjectName=Lead&sObjectId=" + id, (Object) null);
        JsonNode q = JSON.readTree(template.requestBody("salesforce:query?rawPayload=true", "SELECT Id FROM Lead", String.class));
        assertThat(q.get("totalSize").asInt()).isZero();
        JsonNode all = JSON.readTree(template.requestBody("salesforce:queryAll?rawPayload=true", "SELECT Id, IsDeleted FROM Lead", String.class));
        assertThat(all.get("totalSize").asInt()).isEqualTo(1);
        assertThat(all.at("/records/0/Id").asText()).isEqualTo(id);
        assertThat(all.at("/records/0/IsDeleted").asBoolean()).isTrue();
    }

    @Test
    void query_more_with_unknown_locator_fails_with_invalid_query_locator() {
        SalesforceException se = salesforceException(org.assertj.core.api.Assertions.catchThrowable(() ->
                template.requestBody("salesforce:queryMore?rawPayload=true", "/services/data/v56.0/query/01gUNKNOWN000000-2000", String.class)));
        assertThat(se.getStatusCode()).isEqualTo(400);
        assertThat(se.getErrors().get(0).getErrorCode()).isEqualTo("INVALID_QUERY_LOCATOR");
    }

    @Test
    void deletes_sobject_collections_by_ids() {
        String a = createLead("{\"LastName\":\"A\",\"Company\":\"Acme\"}");
        String b = createLead("{\"LastName\":\"B\",\"Company\":\"Acme\"}");
        @SuppressWarnings("unchecked")
        List<org.apache.camel.component.salesforce.api.dto.DeleteSObjectResult> results = template.requestBody("salesforce:compositeDeleteSObjectCollections?allOrNone=false",
                List.of(a, b, "00Q000000000zzzAAA"), List.class);
        assertThat(results).hasSize(3);
        assertThat(results.get(0).getSuccess()).isTrue();
        assertThat(results.get(0).getId()).isEqualTo(a);
        assertThat(results.get(1).getSuccess()).isTrue();
        assertThat(results.get(2).getSuccess()).isFalse();
        assertThat(results.get(2).getErrors().get(0).getErrorCode()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(emu.org().count("Lead")).isZero();
    }

    // ------------------------------------------------------------------ streaming through camel's consumer

    @Test
    void all_change_events_channel_receives_lead_contact_and_account_events() throws Exception {
        subscribe("/data/ChangeEvents", -1);
        String lead = emu.org().create("Lead", Map.of("LastName", "L", "Company", "Acme"));
        String contact = emu.org().create("Contact", Map.of("LastName", "C"));
        String account = emu.org().create("Account", Map.of("Name", "A"));
        List<JsonNode> ev = List.of(nextEvent(), nextEvent(), nextEvent());
        assertThat(ev).extracting(e -> e.get("channel").asText()).containsOnly("/data/ChangeEvents");
        assertThat(ev).extracting(e -> e.at("/data/payload/ChangeEventHeader/entityName").asText()).containsExactly("Lead", "Contact", "Account");
        assertThat(ev).extracting(e -> e.at("/data/payload/ChangeEventHeader/recordIds/0").asText()).containsExactly(lead, contact, account);
    }

    @Test
    void delivers_gap_overflow_and_raw_events_with_raw_payload() throws Exception {
        String id = emu.org().create("Lead", Map.of("LastName", "L", "Company", "Acme"));
        subscribe("/data/LeadChangeEvent", -1);
        emu.org().publishGap("Lead", "GAP_UPDATE", List.of(id));
        emu.org().publishGap("Lead", "GAP_OVERFLOW", List.of());
        var payload = JSON.createObjectNode();
        payload.putObject("ChangeEventHeader").put("entityName", "Lead").put("changeType", "UPDATE").put("changeOrigin", "")
                .put("transactionKey", "tx-raw").put("sequenceNumber", 1).put("commitTimestamp", 1L).put("commitNumber", 1L)
                .put("commitUser", Org.USER_ID).putArray("recordIds").add(id);
        payload.put("Title", "Raw");
        emu.events().publish("/data/LeadChangeEvent", payload);

        JsonNode gap = nextEvent();
        assertThat(gap.at("/data/payload/ChangeEventHeader/changeType").asText()).isEqualTo("GAP_UPDATE");
        assertThat(gap.at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(id);
        assertThat(gap.at("/data/payload").fieldNames()).toIterable().containsExactly("ChangeEventHeader");
        JsonNode overflow = nextEvent();
        assertThat(overflow.at("/data/payload/ChangeEventHeader/changeType").asText()).isEqualTo("GAP_OVERFLOW");
        assertThat(overflow.at("/data/payload/ChangeEventHeader/recordIds")).isEmpty();
        JsonNode raw = nextEvent();
        assertThat(raw.at("/data/payload/ChangeEventHeader/transactionKey").asText()).isEqualTo("tx-raw");
        assertThat(raw.at("/data/payload/Title").asText()).isEqualTo("Raw");
    }

    @Test
    void replays_events_missed_during_token_expiry_from_the_last_seen_replay_id() throws Exception {
        subscribe("/data/LeadChangeEvent", -1);
        String seen = emu.org().create("Lead", Map.of("LastName", "Seen", "Company", "Acme"));
        JsonNode first = nextEvent();
        assertThat(first.at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(seen);
        long seenReplayId = first.at("/data/event/replayId").asLong();
        long tokensBefore = emu.usage().count("oauth.token");

        emu.expireTokens();
        emu.expireCometdClients(); // the held connect answers 403::Unknown client -> handshake denied (401) -> re-login -> re-subscribe
        String missed = emu.org().create("Lead", Map.of("LastName", "Missed", "Company", "Acme")); // no live client: only replay can deliver it

        JsonNode replayed = nextEvent();
        assertThat(replayed.at("/data/payload/ChangeEventHeader/recordIds/0").asText()).isEqualTo(missed);
        assertThat(emu.usage().count("oauth.token")).isGreaterThan(tokensBefore);
        List<Long> subscribes = emu.subscribeReplayIds("/data/LeadChangeEvent");
        assertThat(subscribes.get(subscribes.size() - 1)).as("re-subscribed from the last seen replay id").isEqualTo(seenReplayId);
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void reports_an_injected_subscribe_failure_to_the_consumer_exception_handler() throws Exception {
        // Camel's re-subscribe on the next connect is NOT asserted: it hits the 4.17.0 listener race described on
        // falls_back_to_new_events_on_invalid_replay_id (fails ~2 runs in 3). The error reporting below is deterministic.
        emu.faults().failSubscribes("401::Authentication invalid", 1);
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        camel.getRegistry().bind("subscribeErrors", (org.apache.camel.spi.ExceptionHandler) new org.apache.camel.spi.ExceptionHandler() {
            public void handleException(Throwable t) { errors.add(String.valueOf(t.getMessage())); }
            public void handleException(String m, Throwable t) { errors.add(m); }
            public void handleException(String m, org.apache.camel.Exchange e, Throwable t) { errors.add(m); }
        });
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("salesforce:subscribe:/data/ContactChangeEvent?rawPayload=true&exceptionHandler=#subscribeErrors").routeId("failing-sub").log("${body}");
            }
        });
        String error = errors.poll(10, TimeUnit.SECONDS);
        assertThat(error).isEqualTo("Error subscribing to /data/ContactChangeEvent: 401::Authentication invalid");
        assertThat(emu.subscribeReplayIds("/data/ContactChangeEvent")).isNotEmpty();
    }

    @Test
    void concurrent_creates_through_camel_stream_one_event_each_in_replay_id_order() throws Exception {
        subscribe("/data/LeadChangeEvent", -1);
        List<Long> order = java.util.Collections.synchronizedList(new ArrayList<>());
        int threads = 8, perThread = 10;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) ids.add(createLead("{\"LastName\":\"T" + n + "-" + i + "\",\"Company\":\"Acme\"}"));
                    return null;
                }));
            }
            for (var f : futures) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            JsonNode e = nextEvent();
            eventIds.add(e.at("/data/payload/ChangeEventHeader/recordIds/0").asText());
            order.add(e.at("/data/event/replayId").asLong());
        }
        assertThat(eventIds).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(order).isSorted().doesNotHaveDuplicates();
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
}
