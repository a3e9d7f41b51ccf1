package io.conversion.sync.salesforce;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SalesforceStatusProperties.class)
class SalesforceStatusConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceStatusConfiguration.class);

    /**
     * The {@code salesforce} component (configured by {@code camel.component.salesforce.*}): starts with
     * {@code lazy-login} even though the inbound routes consume CometD ({@link StartTolerantSalesforceComponent}).
     */
    @Bean("salesforce")
    StartTolerantSalesforceComponent salesforceComponent() {
        return new StartTolerantSalesforceComponent();
    }

    /**
     * Hooks {@link SalesforceAnswers} into the salesforce component's HTTP client once the context has started. With
     * {@code lazy-login} the component starts without calling Salesforce; a first login that failed before this
     * (an unreachable Salesforce at start-up) is seen on the supervised route controller's next attempt.
     */
    @Bean
    CamelContextConfiguration salesforceAnswers(SalesforceStatus status) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                SalesforceComponent salesforce = camelContext.getComponent("salesforce", SalesforceComponent.class);
                if (salesforce == null || salesforce.getHttpClient() == null) {
                    LOG.warn("Salesforce HTTP client not started: its availability is not followed");
                    return;
                }
                SalesforceAnswers answers = new SalesforceAnswers(status);
                salesforce.getHttpClient().getRequestListeners().addBeginListener(answers);
                salesforce.getHttpClient().getRequestListeners().addFailureListener(answers);
            }
        };
    }
}
