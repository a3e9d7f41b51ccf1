package io.conversion.sync.fault;



import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import jakarta.jms.JMSContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The processes of a fault test (the emulated org, the packaged service) and how records are counted. */
abstract class FaultTestSupport {

    static final Duration RECOVERY = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    EmulatorProcess org;
    ServiceProcess service;

    /** The service's database: null for its default H2 file database, else a JDBC URL. */
    String databaseUrl() throws Exception {
        return Databases.fresh();
    }

    /** Settings of the service's command line for this test (none: its defaults). */
    String[] serviceArgs() {
        return new String[0];
    }

    /** Started before the service, e.g. an external broker. */
    void beforeService() throws Exception {
    }

    /** The port producers publish to: the service's embedded broker, unless a test runs its own. */
    int brokerPort() {
        return service.brokerPort;
    }

    @BeforeEach
    void start() throws Exception {
        org = new EmulatorProcess();
        beforeService();
        service = new ServiceProcess(dir, databaseUrl(), org).withArgs(serviceArgs());
        service.start();
        service.put("/api/settings/sync", """
                {"inbound": {"leads": true, "contacts": true, "accounts": true},
                 "outbound": {"enabled": true, "createAs": "LEAD", "linkToAccountsByDomain": false,
                              "createAccounts": false}}""");
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop();
        }
        if (org != null) {
            org.close();
        }
        if (service != null) {
            Databases.drop(service.dbUrl);
        }
        afterService();
    }

    /** Stopped after the service, e.g. an external broker. */
    void afterService() throws Exception {
    }


    /** New contacts on the intake queue, committed every 100 (as a producer sends a burst). */
    void publish(List<String> emails) throws Exception {
        send("conversion.contacts.created", java.util.stream.IntStream.range(0, emails.size())
                .mapToObj(i -> "{\"email\":\"" + emails.get(i) + "\",\"lastName\":\"Burst " + i
                        + "\",\"company\":\"Fault\",\"source\":\"FORM\"}").toList());
    }

    /** A title change of every contact, by email, on the updates queue (committed every 100 as in publish). */
    void publishUpdates(List<String> emails, String title) throws Exception {
        String changedAt = java.time.Instant.now().toString();
        send("conversion.contacts.updated", emails.stream().map(email -> "{\"email\":\"" + email
                + "\",\"changes\":{\"title\":\"" + title + "\"},\"changedAt\":\"" + changedAt + "\"}").toList());
    }

    private void send(String queueName, List<String> bodies) throws Exception {
        try (var cf = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort(),
                ServiceProcess.PRODUCER_USER, ServiceProcess.PRODUCER_PASSWORD);
                JMSContext ctx = cf.createContext(JMSContext.SESSION_TRANSACTED)) {
            var producer = ctx.createProducer();
            var queue = ctx.createQueue(queueName);
            for (int i = 0; i < bodies.size(); i++) {
                producer.send(queue, bodies.get(i));
                if (i % 100 == 99) {
                    ctx.commit();
                }
            }
            ctx.commit();
        }
    }

    /** Leads in the org per email (lowercase), of this test's domain. */
    Map<String, Integer> leadsByEmail() throws Exception {
        Map<String, Integer> byEmail = new HashMap<>();
        for (JsonNode lead : org.records("Lead")) {
            String email = lead.path("Email").asText("").toLowerCase();
            if (email.endsWith("@fault.example")) {
                byEmail.merge(email, 1, Integer::sum);
            }
        }
        return byEmail;
    }

    long appliedReplayId() throws Exception {
        for (JsonNode c : service.get("/api/dashboard").path("inbound").path("channels")) {
            if ("Lead".equals(c.path("object").asText())) {
                return c.path("lastAppliedReplayId").asLong(0);
            }
        }
        return 0;
    }

    boolean hasContact(String email) throws Exception {
        try {
            return service.get("/api/contacts?email=" + email).path("email").asText().equalsIgnoreCase(email);
        } catch (IllegalStateException notFound) {
            return false;
        }
    }

    Map<String, Long> inboundCounts() throws Exception {
        try (Connection c = DriverManager.getConnection(service.jdbcUrl(), Databases.user(), "")) {
            Map<String, Long> counts = new HashMap<>();
            counts.put("contacts", single(c, "select count(*) from contact where email like 'lead.%.example.com'"));
            counts.put("leads", single(c, "select count(distinct sf_lead_id) from contact "
                    + "where email like 'lead.%.example.com'"));
            counts.put("twice", single(c, "select count(*) - count(distinct a.sf_id) from sync_activity a "
                    + "join contact k on k.id = a.contact_id where a.direction = 'INBOUND' and a.outcome = 'APPLIED' "
                    + "and k.email like 'lead.%.example.com'"));
            counts.put("failed", single(c, "select count(*) from sync_activity where direction = 'INBOUND' "
                    + "and outcome = 'FAILED'"));
            return counts;
        }
    }

    static long single(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
