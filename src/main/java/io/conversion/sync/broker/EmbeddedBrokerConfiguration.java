package io.conversion.sync.broker;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Artemis broker (spring.artemis.mode=embedded): besides the in-VM acceptor Spring Boot gives
 * it, it listens on TCP for CORE, AMQP and STOMP, so producers in any language can publish new contacts.
 * Queues come from spring.artemis.embedded.queues/topics. Messages that keep failing end in the DLQ.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrokerProperties.class)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded", matchIfMissing = true)
class EmbeddedBrokerConfiguration {

    static final String DEAD_LETTER_QUEUE = "conversion.contacts.dlq";

    @Bean
    ArtemisConfigurationCustomizer networkAcceptor(BrokerProperties broker) {
        return config -> {
            try {
                config.addAcceptorConfiguration("multi-protocol", "tcp://" + broker.host() + ":" + broker.port()
                        + "?protocols=CORE,AMQP,STOMP;anycastPrefix=queue://;multicastPrefix=topic://");
            } catch (Exception e) {
                throw new IllegalStateException("Invalid broker acceptor " + broker, e);
            }
            // The broker's own safety net behind Camel's error handling: a message redelivered this often
            // (e.g. a consumer crashing on it) is moved aside instead of blocking its queue.
            config.addAddressSetting("conversion.contacts.#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_QUEUE))
                    .setMaxDeliveryAttempts(10)
                    .setRedeliveryDelay(1000)
                    .setAutoCreateDeadLetterResources(false));
            config.setJMXManagementEnabled(true);
        };
    }
}
