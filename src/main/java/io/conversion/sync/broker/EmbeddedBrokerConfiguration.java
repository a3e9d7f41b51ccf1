package io.conversion.sync.broker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The embedded Artemis broker (spring.artemis.mode=embedded): besides the in-VM acceptor Spring Boot gives it, it
 * listens on TCP for CORE, AMQP and STOMP, so producers in any language can publish new contacts. Security is on:
 * every connection logs in (see {@link BrokerUsers}). Queues come from spring.artemis.embedded.queues/topics;
 * messages that keep failing end in the DLQ ({@link BrokerLayout}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrokerProperties.class)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded", matchIfMissing = true)
class EmbeddedBrokerConfiguration {

    @Bean
    ArtemisConfigurationCustomizer networkAcceptor(BrokerProperties broker) {
        return config -> {
            BrokerLayout.acceptor(config, broker.host(), broker.port(), broker.tls().keyStore(),
                    broker.tls().keyStorePassword());
            BrokerLayout.addressSettings(config);
            BrokerLayout.roles(config);
            BrokerLayout.messageSizeLimit(config, broker.maxMessageBytes());
            config.setJMXManagementEnabled(true);
        };
    }

    @Bean
    BrokerUsers brokerUsers(ArtemisProperties artemis, BrokerProperties broker, Environment env) {
        return BrokerUsers.of(artemis, broker, env);
    }

    /**
     * Static: post-processors are made before the other beans. Gives the embedded broker its users before it starts,
     * and the service's in-VM connection factory the service's login (Spring Boot sets none in embedded mode).
     */
    @Bean
    static BeanPostProcessor brokerSecurity(ObjectProvider<BrokerUsers> users) {
        return new BrokerSecurityPostProcessor(users);
    }
}
