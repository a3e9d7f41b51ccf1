package io.conversion.sync.fault;

import io.conversion.sync.broker.BrokerLayout;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.yaml.snakeyaml.Yaml;

/**
 * An Artemis broker as its own process, for the service's external-broker mode ({@code SYNC_BROKER_MODE=native}):
 * a persistent journal in a directory of its own, the queues and topics of application.yaml's
 * {@code spring.artemis.embedded}, and the embedded broker's acceptor, dead-letter settings, roles and users
 * ({@link BrokerLayout}), so that it is the service's broker, only outside the service. Arguments: port, data
 * directory; logins from SYNC_BROKER_USER/PASSWORD and SYNC_BROKER_PRODUCER_USER/PASSWORD. Prints
 * {@code Broker ready on port N} once it accepts connections.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path data = Path.of(args[1]);
        Map<String, Object> yaml = applicationYaml();
        ConfigurationImpl config = persistentConfiguration(data, port, Long.parseLong(defaultOf(
                path(yaml, "sync", "broker").get("max-message-bytes"))));
        Map<String, Object> embedded = path(yaml, "spring", "artemis", "embedded");
        for (String queue : list(embedded.get("queues"))) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        for (String topic : list(embedded.get("topics"))) {
            config.addAddressConfiguration(new CoreAddressConfiguration().setName(topic)
                    .addRoutingType(RoutingType.MULTICAST));
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.setSecurityManager(BrokerLayout.users(
                Map.of(env("SYNC_BROKER_USER"), env("SYNC_BROKER_PASSWORD"),
                        env("SYNC_BROKER_PRODUCER_USER"), env("SYNC_BROKER_PRODUCER_PASSWORD")),
                Map.of(env("SYNC_BROKER_USER"), BrokerLayout.SERVICE_ROLE,
                        env("SYNC_BROKER_PRODUCER_USER"), BrokerLayout.PRODUCER_ROLE)));
        broker.start();
        System.out.println("Broker ready on port " + port);
        Thread.currentThread().join();
    }

    /**
     * A persistent broker under {@code data} (journal, bindings, large messages, paging) with the embedded broker's
     * acceptor on localhost, dead-letter settings, roles and message size limit ({@link BrokerLayout}); no queues.
     */
    public static ConfigurationImpl persistentConfiguration(Path data, int port, long maxMessageBytes) {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setJournalDirectory(data.resolve("journal").toString());
        config.setBindingsDirectory(data.resolve("bindings").toString());
        config.setLargeMessagesDirectory(data.resolve("largemessages").toString());
        config.setPagingDirectory(data.resolve("paging").toString());
        config.setJMXManagementEnabled(false);
        BrokerLayout.acceptor(config, "localhost", port, null, null);
        BrokerLayout.addressSettings(config);
        BrokerLayout.roles(config);
        BrokerLayout.messageSizeLimit(config, maxMessageBytes);
        return config;
    }

    /** The packaged application.yaml's default document: what the embedded broker is made from. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> applicationYaml() throws Exception {
        try (InputStream in = BrokerMain.class.getResourceAsStream("/application.yaml")) {
            return (Map<String, Object>) new Yaml().loadAll(in).iterator().next();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> yaml, String... keys) {
        Map<String, Object> node = yaml;
        for (String key : keys) {
            node = (Map<String, Object>) node.get(key);
        }
        return node;
    }

    /** {@code ${VARIABLE:default}} → default; a plain value as it is. */
    private static String defaultOf(Object value) {
        String s = String.valueOf(value);
        return s.startsWith("${") ? s.substring(s.indexOf(':') + 1, s.length() - 1) : s;
    }

    private static java.util.List<String> list(Object commaSeparated) {
        return Arrays.stream(String.valueOf(commaSeparated).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}
