package io.conversion.sync.salesforce;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code sync.salesforce.*}: how the sync finds out that an unavailable Salesforce answers again. */
@Validated
@ConfigurationProperties("sync.salesforce")
public record SalesforceStatusProperties(
        /**
         * While Salesforce is unavailable, one outbound batch (creates or updates) tries this often (its answer tells
         * whether Salesforce is back; the others wait PENDING). Any other answer (a re-read, a subscribe's login) ends
         * the wait at once. After an update batch's retries timed out, the next update batch waits this long.
         */
        @DefaultValue("10s") @NotNull Duration unavailableRecheckInterval) {
}
