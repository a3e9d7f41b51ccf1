package io.conversion.sync.salesforce;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code salesforce}: DOWN while Salesforce does not answer (503, connection
 * refused), with the reason and since when; the service keeps running and reconnects by itself.
 */
// Named so: the bean "salesforce" is the Camel component; Boot drops the suffix, the health component is "salesforce".
@Component("salesforceHealthIndicator")
class SalesforceHealth implements HealthIndicator {

    private final SalesforceStatus status;

    SalesforceHealth(SalesforceStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        SalesforceStatus.Snapshot s = status.snapshot();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", s.state());
        details.put("since", s.since());
        if (s.reason() != null) {
            details.put("reason", s.reason());
        }
        return (s.state() == SalesforceStatus.State.DOWN ? Health.down() : Health.up()).withDetails(details).build();
    }
}
