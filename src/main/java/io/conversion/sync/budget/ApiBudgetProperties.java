package io.conversion.sync.budget;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sync.salesforce.*}: how much of the org's daily API allowance the sync may spend. The org shares the
 * allowance with its other integrations; the reserve is left to them.
 */
@Validated
@ConfigurationProperties("sync.salesforce")
public record ApiBudgetProperties(
        /** Share of the daily API limit (%) kept for the org's other integrations: outbound waits at or below it. */
        @DefaultValue("20") @Min(0) @Max(90) int apiReservePercent,
        /**
         * Deferrable work (initial import, re-reads, retries) pauses this many % of the limit before the reserve, and
         * outbound batches slow down, so that new contacts keep the last part of the allowance.
         */
        @DefaultValue("5") @Min(0) @Max(50) int apiDeferMarginPercent,
        /** Near the reserve, at most one outbound batch per this interval (fuller batches, fewer calls). */
        @DefaultValue("30s") @NotNull Duration apiSlowBatchInterval,
        /**
         * While work waits for the allowance, the limits resource is read this often (one API call) to see it
         * recover: no other call is made then, and only answers tell the usage.
         */
        @DefaultValue("1m") @NotNull Duration apiRecheckInterval) {
}
