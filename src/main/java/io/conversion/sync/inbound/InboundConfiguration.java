package io.conversion.sync.inbound;

import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.component.salesforce.internal.streaming.StreamingAccess;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Inbound start-up: resume positions of the channels, route descriptions, the retry policy of Salesforce queries. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({InboundProperties.class, InitialImportProperties.class})
class InboundConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(InboundConfiguration.class);

    /**
     * Before any route starts, every channel with a stored position resumes right after it; channels never applied
     * start from the endpoint's replayId ({@code sync.inbound.initial-replay-id}).
     */
    @Bean
    CamelContextConfiguration inboundReplayPositions(StreamPositionRepository positions) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                positions.all().forEach((channel, replayId) -> {
                    StreamingAccess.setReplayId(channel, replayId);
                    LOG.info("{} resumes after stored replay id {}", channel, replayId);
                });
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }

    /**
     * Camel 4.17 resolves template parameters in a templated route's endpoints and node ids but not in its
     * description: this fills them in, so that Hawtio shows "Lead change events ..." rather than "{{object}} ...".
     */
    @Bean
    ModelLifecycleStrategy templatedRouteDescriptions() {
        return new ModelLifecycleStrategy() {
            @Override
            public void onAddRouteDefinition(RouteDefinition route) {
                String description = route.getDescription();
                if (description != null && route.getTemplateParameters() != null) {
                    for (var p : route.getTemplateParameters().entrySet()) {
                        description = description.replace("{{" + p.getKey() + "}}", String.valueOf(p.getValue()));
                    }
                    route.setDescription(description);
                }
            }

            @Override
            public void onRemoveRouteDefinition(RouteDefinition route) {
            }

            @Override
            public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
            }

            @Override
            public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
            }
        };
    }

    /**
     * The retries of every Salesforce query of the inbound sync (re-reads, initial import), declared once: the route
     * inbound-salesforce-query redelivers a failed query with this policy ({@code redeliveryPolicyRef}), up to
     * {@code sync.inbound.reread-attempts} attempts in all, 0.5 s apart and doubling up to 30 s. The caller (the
     * batch writer's thread or the import's) waits meanwhile: nothing behind it may overtake.
     */
    @Bean
    RedeliveryPolicy inboundSalesforceQueryRedelivery(InboundProperties properties) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(properties.rereadAttempts() - 1);
        policy.setRedeliveryDelay(500);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setMaximumRedeliveryDelay(30_000);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        // The caller logs the exhausted query once, with what it means for the events.
        policy.setLogExhausted(false);
        return policy;
    }
}
