package io.conversion.sync;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The broker logins of the test suite (the embedded broker refuses to start without them) and JMS connection
 * factories that log in as each of them.
 */
public final class TestBroker {

    public static final String SERVICE_USER = "sync";
    public static final String SERVICE_PASSWORD = "test-broker-service";
    public static final String PRODUCER_USER = "intake";
    public static final String PRODUCER_PASSWORD = "test-broker-producer";
    public static final String TRIGGERS_USER = "workflows";
    public static final String TRIGGERS_PASSWORD = "test-broker-triggers";

    private TestBroker() {
    }

    /** An intake producer (Conversion's forms, imports): may only send new contacts and updates. */
    public static ActiveMQConnectionFactory producer(int port) {
        return new ActiveMQConnectionFactory("tcp://localhost:" + port, PRODUCER_USER, PRODUCER_PASSWORD);
    }

    /** The service's own login (full rights): what a test uses to browse or drain the dead-letter queue. */
    public static ActiveMQConnectionFactory service(int port) {
        return new ActiveMQConnectionFactory("tcp://localhost:" + port, SERVICE_USER, SERVICE_PASSWORD);
    }

    /** Conversion's workflow engine: may only subscribe to the workflow-trigger topic. */
    public static ActiveMQConnectionFactory triggersConsumer(int port) {
        return new ActiveMQConnectionFactory("tcp://localhost:" + port, TRIGGERS_USER, TRIGGERS_PASSWORD);
    }
}
