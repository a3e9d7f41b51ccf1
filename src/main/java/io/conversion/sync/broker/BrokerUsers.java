package io.conversion.sync.broker;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.core.env.Environment;

/**
 * The embedded broker's users, from the environment: the service (full rights), the intake producer, and the
 * workflow-trigger consumer (only when its password is set). Outside the sandbox profile the service refuses to
 * start the broker without the service's and the producers' passwords, or with the sandbox's demo password.
 */
final class BrokerUsers {

    static final String SANDBOX_PASSWORD = "sandbox";

    private final String serviceUser;
    private final String servicePassword;
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final Map<String, String> roles = new LinkedHashMap<>();

    private BrokerUsers(String serviceUser, String servicePassword) {
        this.serviceUser = serviceUser;
        this.servicePassword = servicePassword;
    }

    static BrokerUsers of(ArtemisProperties artemis, BrokerProperties broker, Environment env) {
        boolean sandbox = Arrays.asList(env.getActiveProfiles()).contains("sandbox");
        String serviceUser = artemis.getUser();
        if (serviceUser == null || serviceUser.isBlank()) {
            throw new IllegalStateException("No broker user for the service: set SYNC_BROKER_USER");
        }
        require(artemis.getPassword(), "the service", "SYNC_BROKER_PASSWORD", sandbox);
        require(broker.producer().password(), "intake producers", "SYNC_BROKER_PRODUCER_PASSWORD", sandbox);
        BrokerUsers users = new BrokerUsers(serviceUser, artemis.getPassword());
        users.add(serviceUser, artemis.getPassword(), BrokerLayout.SERVICE_ROLE);
        users.add(broker.producer().username(), broker.producer().password(), BrokerLayout.PRODUCER_ROLE);
        if (broker.triggersConsumer().hasPassword()) {
            require(broker.triggersConsumer().password(), "the workflow-trigger consumer",
                    "SYNC_BROKER_TRIGGERS_PASSWORD", sandbox);
            users.add(broker.triggersConsumer().username(), broker.triggersConsumer().password(),
                    BrokerLayout.TRIGGERS_CONSUMER_ROLE);
        }
        return users;
    }

    private static void require(String password, String who, String variable, boolean sandbox) {
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("Refusing to start the embedded broker: no broker password for " + who
                    + "; set " + variable + " (or run with the sandbox profile)");
        }
        if (!sandbox && SANDBOX_PASSWORD.equals(password)) {
            throw new IllegalStateException("Refusing to start the embedded broker: the sandbox broker password "
                    + "for " + who + " is only allowed with the sandbox profile; set " + variable
                    + " to a real secret");
        }
    }

    private void add(String user, String password, String role) {
        if (passwords.containsKey(user)) {
            throw new IllegalStateException("Refusing to start the embedded broker: broker user " + user
                    + " is configured twice (service, producer and trigger-consumer users must differ)");
        }
        passwords.put(user, password);
        roles.put(user, role);
    }

    ActiveMQJAASSecurityManager securityManager() {
        return BrokerLayout.users(passwords, roles);
    }

    String serviceUser() {
        return serviceUser;
    }

    String servicePassword() {
        return servicePassword;
    }

    @Override
    public String toString() {
        return "broker users " + roles;
    }
}
