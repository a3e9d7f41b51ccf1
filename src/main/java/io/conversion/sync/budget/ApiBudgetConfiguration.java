package io.conversion.sync.budget;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiBudgetProperties.class)
class ApiBudgetConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiBudgetConfiguration.class);

    /**
     * Hooks {@link LimitInfoReader} into the salesforce component's HTTP client, which exists once the component has
     * started (with the context). Calls before that are the OAuth login only, which carries no usage.
     */
    @Bean
    CamelContextConfiguration salesforceLimitInfoReader(ApiBudget budget) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                SalesforceComponent salesforce = camelContext.getComponent("salesforce", SalesforceComponent.class);
                if (salesforce == null || salesforce.getHttpClient() == null) {
                    LOG.warn("Salesforce HTTP client not started: API usage is not read from answers");
                    return;
                }
                salesforce.getHttpClient().getRequestListeners().addBeginListener(new LimitInfoReader(budget));
            }
        };
    }
}
