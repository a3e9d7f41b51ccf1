package io.conversion.sync.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.StompProducer;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.TestBroker;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import java.time.Duration;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Who may do what on the embedded broker, tried with real clients of each protocol (CORE JMS, AMQP 1.0 via qpid-jms,
 * raw STOMP frames): no anonymous or wrong-password connection; an intake producer sends contacts and nothing else;
 * the workflow engine subscribes to triggers and nothing else; the service has every right.
 */
class BrokerSecurityTest extends SyncTestSupport {

    private static final String INTAKE = "conversion.contacts.created";
    private static final String DLQ = "conversion.contacts.dlq";
    private static final String TRIGGERS = "conversion.workflow.triggers";

    @Autowired
    ContactRepository contacts;

    // ---- Logins ----

    @Test
    void an_anonymous_core_connection_is_refused() {
        assertRefused(new ActiveMQConnectionFactory(core()));
    }

    @Test
    void an_anonymous_amqp_connection_is_refused() {
        assertRefused(new JmsConnectionFactory(amqp()));
    }

    @Test
    void an_anonymous_stomp_connection_is_refused() throws Exception {
        assertThat(StompProducer.connectReply(BROKER_PORT, null, null)).startsWith("ERROR");
    }

    @Test
    void a_wrong_password_is_refused_on_every_protocol() throws Exception {
        assertRefused(new ActiveMQConnectionFactory(core(), TestBroker.PRODUCER_USER, "wrong"));
        assertRefused(new JmsConnectionFactory(TestBroker.PRODUCER_USER, "wrong", amqp()));
        assertThat(StompProducer.connectReply(BROKER_PORT, TestBroker.PRODUCER_USER, "wrong")).startsWith("ERROR");
        assertRefused(new ActiveMQConnectionFactory(core(), TestBroker.SERVICE_USER, TestBroker.PRODUCER_PASSWORD));
    }

    // ---- The intake producer ----

    @Test
    void an_intake_producer_sends_new_contacts_that_are_synced_over_every_protocol() throws Exception {
        String core = "core-" + System.nanoTime() + "@broker-security.example";
        String amqp = "amqp-" + System.nanoTime() + "@broker-security.example";
        String stomp = "stomp-" + System.nanoTime() + "@broker-security.example";
        send(TestBroker.producer(BROKER_PORT), INTAKE, contact(core));
        send(new JmsConnectionFactory(TestBroker.PRODUCER_USER, TestBroker.PRODUCER_PASSWORD, amqp()), INTAKE,
                contact(amqp));
        StompProducer.send(BROKER_PORT, INTAKE, "application/json", contact(stomp));
        for (String email : List.of(core, amqp, stomp)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> contacts
                    .findByEmail(email).map(c -> c.syncStatus() == SyncStatus.SYNCED).orElse(false));
        }
    }

    @Test
    void an_intake_producer_cannot_consume_or_browse_the_dead_letter_queue() throws Exception {
        for (ConnectionFactory cf : List.of(TestBroker.producer(BROKER_PORT),
                new JmsConnectionFactory(TestBroker.PRODUCER_USER, TestBroker.PRODUCER_PASSWORD, amqp()))) {
            try (JMSContext ctx = cf.createContext()) {
                assertThatThrownBy(() -> ctx.createConsumer(ctx.createQueue(DLQ)).receive(1000))
                        .isInstanceOf(JMSSecurityRuntimeException.class);
            }
        }
        try (JMSContext ctx = TestBroker.producer(BROKER_PORT).createContext()) {
            assertThatThrownBy(() -> ctx.createBrowser(ctx.createQueue(DLQ)).getEnumeration().hasMoreElements())
                    .isInstanceOf(JMSSecurityException.class).hasMessageContaining("permission='BROWSE'");
        }
        assertThat(StompProducer.subscribe(BROKER_PORT, TestBroker.PRODUCER_USER, TestBroker.PRODUCER_PASSWORD, DLQ,
                "ANYCAST")).startsWith("ERROR");
    }

    @Test
    void an_intake_producer_cannot_consume_the_intake_queue() throws Exception {
        try (JMSContext ctx = TestBroker.producer(BROKER_PORT).createContext()) {
            assertThatThrownBy(() -> ctx.createConsumer(ctx.createQueue(INTAKE)).receive(1000))
                    .isInstanceOf(JMSSecurityRuntimeException.class);
        }
    }

    @Test
    void an_intake_producer_cannot_subscribe_to_or_forge_workflow_triggers() throws Exception {
        try (JMSContext ctx = TestBroker.producer(BROKER_PORT).createContext()) {
            assertThatThrownBy(() -> ctx.createConsumer(ctx.createTopic(TRIGGERS)))
                    .isInstanceOf(JMSSecurityRuntimeException.class);
        }
        assertRefusedSend(TestBroker.producer(BROKER_PORT), true, TRIGGERS);
        assertRefusedSend(new JmsConnectionFactory(TestBroker.PRODUCER_USER, TestBroker.PRODUCER_PASSWORD, amqp()),
                true, TRIGGERS);
        assertThat(StompProducer.subscribe(BROKER_PORT, TestBroker.PRODUCER_USER, TestBroker.PRODUCER_PASSWORD,
                TRIGGERS, "MULTICAST")).startsWith("ERROR");
    }

    @Test
    void an_intake_producer_cannot_send_to_the_dead_letter_queue() {
        assertRefusedSend(TestBroker.producer(BROKER_PORT), false, DLQ);
        assertThatThrownBy(() -> StompProducer.send(BROKER_PORT, DLQ, "application/json", "{}"))
                .hasMessageContaining("not acknowledged");
    }

    // ---- The workflow engine ----

    @Test
    void the_workflow_engine_subscribes_to_triggers_and_can_do_nothing_else() throws Exception {
        try (JMSContext ctx = TestBroker.triggersConsumer(BROKER_PORT).createContext()) {
            var consumer = ctx.createConsumer(ctx.createTopic(TRIGGERS));
            assertThat(consumer.receiveNoWait()).isNull();
            assertThatThrownBy(() -> ctx.createConsumer(ctx.createQueue(DLQ)).receive(1000))
                    .isInstanceOf(JMSSecurityRuntimeException.class);
        }
        assertRefusedSend(TestBroker.triggersConsumer(BROKER_PORT), true, TRIGGERS);
        assertRefusedSend(TestBroker.triggersConsumer(BROKER_PORT), false, INTAKE);
    }

    // ---- The service ----

    @Test
    void the_service_login_reads_the_dead_letter_queue() throws Exception {
        try (JMSContext ctx = TestBroker.service(BROKER_PORT).createContext()) {
            ctx.createBrowser(ctx.createQueue(DLQ)).getEnumeration().hasMoreElements();
            assertThat(ctx.createConsumer(ctx.createQueue(DLQ), "syncFailureReason = 'none such'").receiveNoWait())
                    .isNull();
        }
    }

    private static void assertRefused(ConnectionFactory cf) {
        assertThatThrownBy(() -> {
            try (JMSContext ctx = cf.createContext()) {
                ctx.start();
            }
        }).isInstanceOf(JMSSecurityRuntimeException.class);
    }

    private static void assertRefusedSend(ConnectionFactory cf, boolean topic, String address) {
        try (JMSContext ctx = cf.createContext()) {
            assertThatThrownBy(() -> ctx.createProducer().send(topic ? ctx.createTopic(address)
                    : ctx.createQueue(address), "{\"forged\":true}")).as(address).isInstanceOf(JMSSecurityRuntimeException.class);
        }
    }

    private static void send(ConnectionFactory cf, String queue, String body) {
        try (JMSContext ctx = cf.createContext()) {
            ctx.createProducer().send(ctx.createQueue(queue), body);
        }
    }

    private static String contact(String email) {
        return "{\"email\":\"" + email + "\",\"lastName\":\"Secure\",\"company\":\"Broker\",\"source\":\"FORM\"}";
    }

    private static String core() {
        return "tcp://localhost:" + BROKER_PORT;
    }

    private static String amqp() {
        return "amqp://localhost:" + BROKER_PORT;
    }
}
