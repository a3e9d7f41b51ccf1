package io.conversion.sync.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conversion.sync.StompProducer;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.TestBroker;
import io.conversion.sync.fault.BrokerMain;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

/**
 * The broker refuses a message over sync.broker.max-message-bytes (32 MiB) to its producer, on every protocol: AMQP,
 * CORE (whose client streams a body over 100 KiB as a large message, in chunks) and STOMP; on the suite's
 * non-persistent broker and on a persistent one like the embedded default (the large body then sits in a file). The
 * service's own, lower limit (1 MiB, dead-lettered with the reason) is BadContactInputTest's: its 10 MB CORE message
 * passes the broker as a large message and is dead-lettered by the service.
 */
class BrokerMessageSizeTest extends SyncTestSupport {

    private static final String INTAKE = "conversion.contacts.created";
    private static final byte[] OVER_THE_LIMIT = new byte[(32 << 20) + 1];

    @TempDir
    Path brokerData;

    @Test
    void an_amqp_message_over_the_broker_limit_is_refused_to_its_producer() {
        var amqp = new JmsConnectionFactory(TestBroker.PRODUCER_USER, TestBroker.PRODUCER_PASSWORD,
                "amqp://localhost:" + BROKER_PORT);
        try (JMSContext ctx = amqp.createContext()) {
            assertThatThrownBy(() -> ctx.createProducer().send(ctx.createQueue(INTAKE), OVER_THE_LIMIT))
                    .isInstanceOf(JMSRuntimeException.class).hasMessageContaining("over the broker's limit");
        }
    }

    @Test
    void a_core_message_streamed_as_a_large_message_over_the_broker_limit_is_refused_to_its_producer() {
        try (JMSContext ctx = TestBroker.producer(BROKER_PORT).createContext()) {
            assertThatThrownBy(() -> ctx.createProducer().send(ctx.createQueue(INTAKE), OVER_THE_LIMIT))
                    .isInstanceOf(JMSRuntimeException.class).hasMessageContaining("over the broker's limit");
        }
    }

    /** Artemis answers STOMP with its generic AMQ339011 ERROR frame; the reason is in the service's log. */
    @Test
    void a_stomp_message_over_the_broker_limit_is_refused_to_its_producer() {
        String body = "x".repeat(OVER_THE_LIMIT.length);
        assertThatThrownBy(() -> StompProducer.send(BROKER_PORT, INTAKE, "application/json", body))
                .hasMessageContaining("not acknowledged: ERROR").hasMessageContaining("AMQ339011");
    }

    @Test
    void a_large_core_message_over_the_limit_is_refused_by_a_persistent_broker_and_leaves_no_file() throws Exception {
        int port = TestSocketUtils.findAvailableTcpPort();
        EmbeddedActiveMQ broker = persistentBroker(port);
        try (JMSContext ctx = TestBroker.producer(port).createContext()) {
            assertThatThrownBy(() -> ctx.createProducer().send(ctx.createQueue(INTAKE), OVER_THE_LIMIT))
                    .isInstanceOf(JMSRuntimeException.class).hasMessageContaining("over the broker's limit");
        } finally {
            broker.stop();
        }
        try (var files = Files.list(brokerData.resolve("largemessages"))) {
            assertThat(files.toList()).as("large-message files left").isEmpty();
        }
    }

    private EmbeddedActiveMQ persistentBroker(int port) throws Exception {
        ConfigurationImpl config = BrokerMain.persistentConfiguration(brokerData, port, 32 << 20);
        config.addQueueConfiguration(QueueConfiguration.of(INTAKE).setAddress(INTAKE)
                .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.setSecurityManager(BrokerLayout.users(Map.of(TestBroker.PRODUCER_USER, TestBroker.PRODUCER_PASSWORD),
                Map.of(TestBroker.PRODUCER_USER, BrokerLayout.PRODUCER_ROLE)));
        broker.start();
        return broker;
    }
}
