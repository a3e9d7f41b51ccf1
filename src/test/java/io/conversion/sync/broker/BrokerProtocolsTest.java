package io.conversion.sync.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.StompProducer;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.TestBroker;
import jakarta.jms.ConnectionFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

/** Producers in any language can reach the embedded broker over TCP: CORE (JMS), STOMP and AMQP. */
class BrokerProtocolsTest extends SyncTestSupport {

    /** A queue no route consumes: the test (logged in as the service, the only role with rights on it) reads it. */
    private static final String QUEUE = "test.broker-protocols";

    @Test
    void a_stomp_producer_reaches_a_jms_consumer() throws Exception {
        String body = "{\"email\":\"stomp-" + System.nanoTime() + "@example.com\"}";
        StompProducer.send(BROKER_PORT, TestBroker.SERVICE_USER, TestBroker.SERVICE_PASSWORD, QUEUE,
                "application/json", body);
        assertThat(receive(TestBroker.service(BROKER_PORT), body)).isEqualTo(body);
    }

    @Test
    void an_amqp_1_0_producer_reaches_a_jms_consumer() throws Exception {
        String body = "{\"email\":\"amqp-" + System.nanoTime() + "@example.com\"}";
        var amqp = new JmsConnectionFactory(TestBroker.SERVICE_USER, TestBroker.SERVICE_PASSWORD,
                "amqp://localhost:" + BROKER_PORT);
        try (var ctx = amqp.createContext()) {
            ctx.createProducer().send(ctx.createQueue(QUEUE), body);
        }
        assertThat(receive(TestBroker.service(BROKER_PORT), body)).isEqualTo(body);
    }

    @Test
    void the_acceptor_speaks_amqp_1_0() throws Exception {
        // AMQP 1.0 protocol header exchange (SASL layer): the broker answers with its own header.
        byte[] saslHeader = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
        try (Socket socket = new Socket("localhost", BROKER_PORT)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(saslHeader);
            byte[] reply = socket.getInputStream().readNBytes(8);
            assertThat(reply).containsExactly(saslHeader);
        }
    }

    private static String receive(ConnectionFactory cf, String body) throws Exception {
        try (var ctx = cf.createContext()) {
            var consumer = ctx.createConsumer(ctx.createQueue(QUEUE));
            String received = null;
            for (int i = 0; i < 20 && !body.equals(received); i++) {
                var msg = consumer.receive(5000);
                received = msg == null ? null : msg.getBody(String.class);
                if (received == null && msg != null) {
                    byte[] bytes = msg.getBody(byte[].class);
                    received = new String(bytes, StandardCharsets.UTF_8);
                }
            }
            return received;
        }
    }
}
