package io.conversion.sync.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.util.TestSocketUtils;

/**
 * The broker's acceptor with a key store (SYNC_BROKER_KEYSTORE): producers connect over TLS with the intake login and
 * the service's queue receives what they send; a plain-text connection to the same port gets nowhere. The broker is
 * laid out exactly as the embedded one ({@link BrokerLayout}); the key pair is made by the JDK's keytool.
 */
class BrokerTlsTest {

    private static final String PASSWORD = "tls-test-secret";
    private static final String QUEUE = BrokerLayout.INTAKE_ADDRESSES.get(0);

    @TempDir
    static Path dir;

    static EmbeddedActiveMQ broker;
    static int port;
    static Path keyStore;

    @BeforeAll
    static void brokerWithAKeyStore() throws Exception {
        keyStore = dir.resolve("broker.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        port = TestSocketUtils.findAvailableTcpPort();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setJMXManagementEnabled(false);
        BrokerLayout.acceptor(config, "localhost", port, keyStore.toString(), PASSWORD);
        BrokerLayout.addressSettings(config);
        BrokerLayout.roles(config);
        config.addQueueConfiguration(QueueConfiguration.of(QUEUE).setAddress(QUEUE)
                .setRoutingType(RoutingType.ANYCAST));
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.setSecurityManager(BrokerLayout.users(Map.of("sync", "service-secret", "intake", "intake-secret"),
                Map.of("sync", BrokerLayout.SERVICE_ROLE, "intake", BrokerLayout.PRODUCER_ROLE)));
        broker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    private static ActiveMQConnectionFactory tls() {
        // The producer trusts the broker's certificate (its key store doubles as the trust store here).
        return new ActiveMQConnectionFactory("tcp://localhost:" + port + "?sslEnabled=true&verifyHost=true"
                + "&trustStorePath=" + keyStore + "&trustStorePassword=" + PASSWORD + "&reconnectAttempts=0");
    }

    @Test
    void a_producer_sends_over_tls_and_the_service_receives_the_message() {
        try (var cf = tls(); JMSContext producer = cf.createContext("intake", "intake-secret")) {
            producer.createProducer().send(producer.createQueue(QUEUE), "{\"email\":\"tls@acme.com\"}");
        }
        try (var cf = tls(); JMSContext service = cf.createContext("sync", "service-secret")) {
            String body = service.createConsumer(service.createQueue(QUEUE)).receiveBody(String.class, 10_000);
            assertThat(body).isEqualTo("{\"email\":\"tls@acme.com\"}");
        }
    }

    @Test
    void a_plain_text_connection_to_the_tls_port_is_not_accepted() {
        var plain = new ActiveMQConnectionFactory("tcp://localhost:" + port
                + "?reconnectAttempts=0&callTimeout=3000&connectionTTL=3000&initialConnectAttempts=1");
        try (plain) {
            assertThatThrownBy(() -> plain.createContext("intake", "intake-secret").close())
                    .isInstanceOf(JMSRuntimeException.class);
        }
    }

    @Test
    void the_roles_hold_over_tls_too_a_producer_cannot_read_the_intake_queue() {
        try (var cf = tls(); JMSContext producer = cf.createContext("intake", "intake-secret")) {
            assertThatThrownBy(() -> producer.createConsumer(producer.createQueue(QUEUE)).receiveNoWait())
                    .isInstanceOf(JMSRuntimeException.class);
        }
    }
}
