package io.conversion.sync.budget;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code salesforceApi}: the daily API allowance as the last answer told it.
 * Always UP: a spent allowance makes work wait, it is not a fault of the service (a restart would not help).
 */
@Component("salesforceApi")
class ApiBudgetHealth implements HealthIndicator {

    private final ApiBudget budget;

    ApiBudgetHealth(ApiBudget budget) {
        this.budget = budget;
    }

    @Override
    public Health health() {
        ApiBudget.Snapshot s = budget.snapshot();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", s.level());
        if (s.max() >= 0) {
            details.put("used", s.used());
            details.put("max", s.max());
            details.put("remaining", s.remaining());
            details.put("reserve", s.reserve());
            details.put("readAt", s.readAt());
        }
        if (s.waitingFor() != null) {
            details.put("waitingFor", s.waitingFor());
        }
        return Health.up().withDetails(details).build();
    }
}
