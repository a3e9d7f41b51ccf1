package io.conversion.sync.inbound;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.internal.streaming.StreamingAccess;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InboundProperties.class)
class InboundConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(InboundConfiguration.class);

    /**
     * Before any route starts, every channel with a stored position resumes right after it; channels never applied
     * start from the endpoint's replayId ({@code sync.inbound.initial-replay-id}).
     */
    @Bean
    CamelContextConfiguration inboundReplayPositions(InboundStore store) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                store.positions().forEach((channel, replayId) -> {
                    StreamingAccess.setReplayId(channel, replayId);
                    LOG.info("{} resumes after stored replay id {}", channel, replayId);
                });
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
