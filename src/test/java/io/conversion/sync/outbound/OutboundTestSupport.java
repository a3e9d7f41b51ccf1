package io.conversion.sync.outbound;

import static org.awaitility.Awaitility.await;

import io.conversion.sync.StompProducer;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.TestBroker;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import io.conversion.sync.settings.SyncSettingsService;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** Producers, settings switches and waits shared by the outbound sync tests. */
abstract class OutboundTestSupport extends SyncTestSupport {

    static final String QUEUE = "conversion.contacts.created";
    static final String DLQ = "conversion.contacts.dlq";
    private static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired
    SyncSettingsService settings;

    @Autowired
    ContactRepository contacts;

    @Autowired
    CompanyRepository companies;

    @Autowired
    TestRestTemplate rest;

    @Autowired
    org.apache.camel.CamelContext camel;

    private SyncSettings before;

    @BeforeEach
    void rememberSettings() {
        before = settings.get();
    }

    @AfterEach
    void restoreSettingsAndFaults() {
        settings.update(before, "test");
        SALESFORCE.faults().clear();
        SALESFORCE.org().clearRules();
    }

    /** A domain no other test uses. */
    static String uniqueDomain(String hint) {
        return hint + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000 + "-"
                + SEQ.incrementAndGet() + ".com";
    }

    void outbound(boolean enabled, CreateAs createAs, boolean linkByDomain, boolean createAccounts) {
        settings.update(new SyncSettings(settings.get().inbound(),
                new SyncSettings.Outbound(enabled, createAs, linkByDomain, createAccounts)), "test");
    }

    TestRestTemplate admin() {
        return rest.withBasicAuth("admin", ADMIN_PASSWORD);
    }

    // ---- Producers ----

    /** A real JMS producer (Artemis CORE over TCP), one transacted session for all messages. */
    static void publishJms(String... bodies) throws Exception {
        publishJms(List.of(bodies));
    }

    static void publishJms(List<String> bodies) throws Exception {
        try (var cf = TestBroker.producer(BROKER_PORT);
                var ctx = cf.createContext(Session.SESSION_TRANSACTED)) {
            var producer = ctx.createProducer();
            var queue = ctx.createQueue(QUEUE);
            for (String body : bodies) {
                producer.send(queue, body);
            }
            ctx.commit();
        }
    }

    /**
     * Publishes a burst and lets the sender claim it only once every contact is stored: the batches are then full
     * (200 each, in id order) whatever the machine's speed. A busy machine stores a burst slower than the batching
     * window, which then sends partial batches, as designed; tests that count calls or place faults on the n-th call
     * need the batch shape fixed.
     */
    void publishAsFullBatches(List<String> emails, List<String> bodies) throws Exception {
        // Suspended, not stopped: the scheduler keeps its thread and its schedule and claims again at its next poll
        // once resumed (a stop and start would also do; this is the lighter of the two).
        camel.getRouteController().suspendRoute("outbound-salesforce-sync");
        try {
            publishJms(bodies);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> contacts
                    .findByEmails(emails).stream().filter(c -> c.syncStatus() == SyncStatus.PENDING).count()
                    == emails.size());
        } finally {
            camel.getRouteController().resumeRoute("outbound-salesforce-sync");
        }
    }

    /** A STOMP producer speaking raw frames over a socket, as any non-Java client would. */
    static void publishStomp(String body) throws Exception {
        StompProducer.send(BROKER_PORT, QUEUE, "application/json;charset=utf-8", body);
    }

    static String message(String email) {
        return "{\"email\":\"" + email + "\",\"firstName\":\"Jane\",\"lastName\":\"Doe\",\"source\":\"FORM\"}";
    }

    static String message(String email, String company) {
        return "{\"email\":\"" + email + "\",\"firstName\":\"Jane\",\"lastName\":\"Doe\",\"company\":\"" + company
                + "\",\"title\":\"CTO\",\"phone\":\"+1 555 0100\",\"source\":\"FORM\",\"skipInitialSync\":false}";
    }

    // ---- Waits ----

    Contact awaitStatus(String email, SyncStatus status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(
                () -> contacts.findByEmail(email).map(c -> c.syncStatus() == status).orElse(false));
        return contacts.findByEmail(email).orElseThrow();
    }

    Contact awaitSettled(String email) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(
                () -> contacts.findByEmail(email).map(c -> c.syncStatus() != SyncStatus.PENDING).orElse(false));
        return contacts.findByEmail(email).orElseThrow();
    }

    Company company(Contact c) {
        return companies.findById(c.companyId()).orElseThrow();
    }

    // ---- Salesforce (emulated org) ----

    static Map<String, Object> sfRecord(String type, String id) {
        return SALESFORCE.org().get(type, id).orElseThrow(() -> new AssertionError(type + " " + id + " not in Salesforce"));
    }

    /** The org's records of a type with that field value, as a query shows them (not those in the recycle bin). */
    static List<Map<String, Object>> sfRecords(String type, String field, String value) {
        return SALESFORCE.org().all(type).stream().filter(r -> !Boolean.TRUE.equals(r.get("IsDeleted")))
                .filter(r -> value.equalsIgnoreCase(String.valueOf(r.get(field)))).toList();
    }

    static String seedAccount(String name, String website) {
        return SALESFORCE.org().create("Account", Map.of("Name", name, "Website", website));
    }

    // ---- Dead-letter queue ----

    /** The dead-letter messages whose body mentions the text (browsed, not consumed). */
    static List<Message> deadLetters(String text) throws Exception {
        try (var cf = TestBroker.service(BROKER_PORT);
                var ctx = cf.createContext()) {
            List<Message> found = new ArrayList<>();
            try (var browser = ctx.createBrowser(ctx.createQueue(DLQ))) {
                for (Message m : Collections.list((java.util.Enumeration<Message>) browser.getEnumeration())) {
                    if (body(m).contains(text)) {
                        found.add(m);
                    }
                }
            }
            return found;
        }
    }

    static String body(Message m) throws Exception {
        if (m instanceof TextMessage t) {
            return t.getText();
        }
        byte[] bytes = m.getBody(byte[].class);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    static Optional<Message> awaitDeadLetter(String text) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !deadLetters(text).isEmpty());
        try {
            return deadLetters(text).stream().findFirst();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
