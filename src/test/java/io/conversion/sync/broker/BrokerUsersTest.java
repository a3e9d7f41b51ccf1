package io.conversion.sync.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conversion.sync.broker.BrokerProperties.Credentials;
import io.conversion.sync.broker.BrokerProperties.Tls;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.mock.env.MockEnvironment;

/** The embedded broker does not start without real passwords outside the sandbox, and never prints them. */
class BrokerUsersTest {

    @Test
    void refuses_to_start_without_the_service_password() {
        assertThatThrownBy(() -> BrokerUsers.of(artemis(""), broker("p-secret", ""), new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SYNC_BROKER_PASSWORD");
    }

    @Test
    void refuses_to_start_without_the_producer_password() {
        assertThatThrownBy(() -> BrokerUsers.of(artemis("s-secret"), broker("", ""), new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SYNC_BROKER_PRODUCER_PASSWORD");
    }

    @Test
    void refuses_the_sandbox_passwords_outside_the_sandbox() {
        var env = new MockEnvironment();
        env.setActiveProfiles("postgres");
        assertThatThrownBy(() -> BrokerUsers.of(artemis("sandbox"), broker("p-secret", ""), env))
                .hasMessageContaining("sandbox broker password").hasMessageContaining("SYNC_BROKER_PASSWORD");
        assertThatThrownBy(() -> BrokerUsers.of(artemis("s-secret"), broker("p-secret", "sandbox"), env))
                .hasMessageContaining("SYNC_BROKER_TRIGGERS_PASSWORD");
    }

    @Test
    void accepts_the_sandbox_passwords_in_the_sandbox() {
        var env = new MockEnvironment();
        env.setActiveProfiles("sandbox");
        assertThat(BrokerUsers.of(artemis("sandbox"), broker("sandbox", "sandbox"), env).toString())
                .contains("sync=service", "intake=intake-producer", "workflows=triggers-consumer");
    }

    @Test
    void creates_no_workflow_engine_user_without_its_password() {
        assertThat(BrokerUsers.of(artemis("s-secret"), broker("p-secret", ""), new MockEnvironment()).toString())
                .contains("intake=intake-producer").doesNotContain("workflows");
    }

    @Test
    void refuses_one_user_name_for_two_roles() {
        var artemis = artemis("s-secret");
        artemis.setUser("intake");
        assertThatThrownBy(() -> BrokerUsers.of(artemis, broker("p-secret", ""), new MockEnvironment()))
                .hasMessageContaining("configured twice");
    }

    @Test
    void never_prints_a_password() {
        BrokerProperties broker = new BrokerProperties("localhost", 61616, new Credentials("intake", "p-secret"),
                new Credentials("workflows", "t-secret"), new Tls("/etc/broker.p12", "k-secret"), 1 << 20);
        assertThat(broker.toString()).doesNotContain("p-secret", "t-secret", "k-secret").contains("intake");
        assertThat(BrokerUsers.of(artemis("s-secret"), broker, new MockEnvironment()).toString())
                .doesNotContain("secret");
    }

    private static ArtemisProperties artemis(String password) {
        var artemis = new ArtemisProperties();
        artemis.setUser("sync");
        artemis.setPassword(password);
        return artemis;
    }

    private static BrokerProperties broker(String producerPassword, String triggersPassword) {
        return new BrokerProperties("localhost", 61616, new Credentials("intake", producerPassword),
                new Credentials("workflows", triggersPassword), new Tls("", ""), 1 << 20);
    }
}
