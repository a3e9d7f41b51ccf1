package io.conversion.sync.inbound;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.emulator.Org;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettingsService;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Helpers for inbound tests: the shared context and emulator, unique records per test, waits on the outcome. */
abstract class InboundTestSupport extends SyncTestSupport {

    static final String LEADS = "/data/LeadChangeEvent";
    static final String CONTACTS = "/data/ContactChangeEvent";
    static final String ACCOUNTS = "/data/AccountChangeEvent";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ContactRepository contacts;
    @Autowired
    CompanyRepository companies;
    @Autowired
    ActivityLog activityLog;
    @Autowired
    SyncSettingsService settings;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    InboundBatchWriter writer;

    private Connection triggerConnection;
    private MessageConsumer triggerConsumer;

    @BeforeEach
    void inboundStreamsSubscribed() throws Exception {
        for (String route : List.of("inbound-leads", "inbound-contacts", "inbound-accounts")) {
            if (!camel.getRouteController().getRouteStatus(route).isStarted()) {
                camel.getRouteController().startRoute(route);
            }
        }
        for (String channel : List.of(LEADS, CONTACTS, ACCOUNTS)) {
            if (!SALESFORCE.awaitSubscription(channel, WAIT)) {
                throw new IllegalStateException(channel + " not subscribed");
            }
        }
        var in = settings.get().inbound();
        if (!in.leads() || !in.contacts() || !in.accounts()) {
            toggles(true, true, true);
        }
    }

    @AfterEach
    void closeTriggerListener() throws Exception {
        if (triggerConnection != null) {
            triggerConnection.close();
            triggerConnection = null;
        }
    }

    Org org() {
        return SALESFORCE.org();
    }

    static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@inbound.example";
    }

    static Map<String, Object> lead(String email) {
        Map<String, Object> f = new HashMap<>();
        f.put("FirstName", "Ada");
        f.put("LastName", "Lovelace");
        f.put("Company", "Analytical Engines");
        f.put("Email", email);
        return f;
    }

    Contact awaitContact(String email) {
        return await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> contacts.findByEmail(email), Optional::isPresent).get();
    }

    List<Activity> activities(String sfId) {
        return activityLog.find(new ActivityQuery(null, null, sfId, null, null, 100));
    }

    Activity awaitActivity(String sfId, String actionOrReason) {
        return await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> activities(sfId).stream()
                .filter(a -> actionOrReason.equals(a.action()) || actionOrReason.equals(a.reason())).findFirst(),
                Optional::isPresent).get();
    }

    long count(String sfId, String actionOrReason) {
        return activities(sfId).stream()
                .filter(a -> actionOrReason.equals(a.action()) || actionOrReason.equals(a.reason())).count();
    }

    Company company(long id) {
        return companies.findById(id).orElseThrow();
    }

    void toggles(boolean leads, boolean contacts, boolean accounts) {
        settings.update(new SyncSettings(new SyncSettings.Inbound(leads, contacts, accounts),
                settings.get().outbound()), "inbound-test");
    }

    /** Listens on the workflow-trigger topic from now on (a topic keeps nothing for late subscribers). */
    void listenToTriggers() throws Exception {
        triggerConnection = connectionFactory.createConnection();
        Session session = triggerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        triggerConsumer = session.createConsumer(session.createTopic("conversion.workflow.triggers"));
        triggerConnection.start();
    }

    /** Workflow triggers received so far for this Salesforce id (drains the listener, keeps the others). */
    private final List<JsonNode> received = new ArrayList<>();

    List<JsonNode> triggers(String sfId) throws Exception {
        jakarta.jms.Message m;
        while ((m = triggerConsumer.receive(50)) != null) {
            received.add(JSON.readTree(((TextMessage) m).getText()));
        }
        return received.stream().filter(t -> sfId.equals(t.path("salesforceId").asText())).toList();
    }

    List<JsonNode> awaitTriggers(String sfId, int n) {
        return await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> triggers(sfId), l -> l.size() >= n);
    }

    /** Waits until everything Salesforce published so far has been applied (or skipped) by the writer. */
    void awaitQuiet() throws Exception {
        long last = SALESFORCE.events().lastReplayId();
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> writer.position(LEADS).orElse(0L) >= lastOn(LEADS, last)
                && writer.position(CONTACTS).orElse(0L) >= lastOn(CONTACTS, last)
                && writer.position(ACCOUNTS).orElse(0L) >= lastOn(ACCOUNTS, last));
    }

    /** Waits until everything Salesforce published so far on this channel has been applied (or skipped). */
    void awaitQuiet(String channel) {
        long last = lastOn(channel, SALESFORCE.events().lastReplayId());
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> writer.position(channel).orElse(0L) >= last);
    }

    private long lastOn(String channel, long upTo) {
        return SALESFORCE.events().retained().stream().filter(e -> e.channel().equals(channel))
                .mapToLong(e -> e.replayId()).filter(id -> id <= upTo).max().orElse(0L);
    }

    Optional<Long> storedPosition(String channel) {
        return jdbc.sql("select replay_id from stream_position where channel = :c").param("c", channel)
                .query(Long.class).optional();
    }
}
