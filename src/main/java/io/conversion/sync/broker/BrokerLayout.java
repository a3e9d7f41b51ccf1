package io.conversion.sync.broker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * How the service's broker is laid out: one TCP acceptor for CORE, AMQP and STOMP (optionally TLS), the dead-letter
 * settings of the contact queues, and who may do what on which address. Used by the embedded broker and by the
 * fault suite's external broker process, so that both are the same broker.
 */
public final class BrokerLayout {

    public static final String DEAD_LETTER_QUEUE = "conversion.contacts.dlq";
    /** Full rights on every address: the service's own connections. */
    public static final String SERVICE_ROLE = "service";
    /** Send, and only send, to the intake queues. */
    public static final String PRODUCER_ROLE = "intake-producer";
    /** Subscribe to the workflow-trigger topic, nothing else. */
    public static final String TRIGGERS_CONSUMER_ROLE = "triggers-consumer";
    /** Where producers send: new contacts, contact updates, company updates. */
    public static final List<String> INTAKE_ADDRESSES =
            List.of("conversion.contacts.created", "conversion.contacts.updated", "conversion.companies.updated");
    public static final String WORKFLOW_TRIGGERS = "conversion.workflow.triggers";

    private BrokerLayout() {
    }

    /** The network acceptor; TLS when {@code keyStore} is given. Passwords go in as parameters, never in a URL. */
    public static void acceptor(Configuration config, String host, int port, String keyStore, String keyStorePassword) {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, host);
        params.put(TransportConstants.PORT_PROP_NAME, port);
        params.put(TransportConstants.PROTOCOLS_PROP_NAME, "CORE,AMQP,STOMP");
        params.put("anycastPrefix", "queue://");
        params.put("multicastPrefix", "topic://");
        if (keyStore != null && !keyStore.isBlank()) {
            params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, keyStore);
            params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, keyStorePassword);
        }
        config.addAcceptorConfiguration(new TransportConfiguration(NettyAcceptorFactory.class.getName(), params,
                "multi-protocol"));
    }

    /**
     * The broker's own safety net behind Camel's error handling: a message redelivered this often (e.g. a consumer
     * crashing on it) is moved aside instead of blocking its queue.
     */
    public static void addressSettings(Configuration config) {
        config.addAddressSetting("conversion.contacts.#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(1000)
                .setAutoCreateDeadLetterResources(false));
    }

    /**
     * Security on, and the rights of each role per address. Artemis applies the most specific match only, so every
     * specific address names the service's role again; anything not listed is the service's alone.
     */
    public static void roles(Configuration config) {
        config.setSecurityEnabled(true);
        config.putSecurityRoles("#", Set.of(service()));
        for (String intake : INTAKE_ADDRESSES) {
            config.putSecurityRoles(intake, Set.of(service(),
                    new Role(PRODUCER_ROLE, true, false, false, false, false, false, false, false, false, false,
                            false, false)));
        }
        // A subscription to a topic is a queue of the subscriber's own: non-durable, or durable (named).
        config.putSecurityRoles(WORKFLOW_TRIGGERS, Set.of(service(),
                new Role(TRIGGERS_CONSUMER_ROLE, false, true, true, true, true, true, false, false, false, false,
                        false, false)));
    }

    /** The largest message the broker takes, on every protocol ({@link MessageSizeGuard}). */
    public static void messageSizeLimit(Configuration config, long maxBytes) {
        config.registerBrokerPlugin(new MessageSizeGuard(maxBytes));
    }

    /** The users and their roles, checked on every connection, in-VM ones included. */
    public static ActiveMQJAASSecurityManager users(Map<String, String> passwordByUser, Map<String, String> roleByUser) {
        SecurityConfiguration users = new SecurityConfiguration();
        passwordByUser.forEach(users::addUser);
        roleByUser.forEach(users::addRole);
        return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users);
    }

    private static Role service() {
        return new Role(SERVICE_ROLE, true, true, true, true, true, true, true, true, true, true, true, true);
    }
}
