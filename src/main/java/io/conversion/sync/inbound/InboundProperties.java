package io.conversion.sync.inbound;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code sync.inbound.*}: how change events are batched, resumed and recovered. */
@Validated
@ConfigurationProperties("sync.inbound")
public record InboundProperties(
        /** Events waiting for the batch writer; when full, the streaming thread waits (back-pressure). */
        @Min(1) int queueCapacity,
        /** Most events applied in one database transaction. */
        @Min(1) @Max(10_000) int maxBatchSize,
        /** Replay id for a channel with no stored position (first start): -2 = all retained. */
        @Min(-2) Long initialReplayId,
        /** How far back a GAP_OVERFLOW re-reads the object's recently changed records. */
        @NotNull Duration overflowLookback,
        /** Attempts to re-read records from Salesforce before the events are logged as FAILED. */
        @Min(1) int rereadAttempts,
        /** First delay of the supervised restart of a dead subscription; doubles up to restartMaxBackoff. */
        @NotNull Duration restartBackoff,
        @NotNull Duration restartMaxBackoff) {

    public InboundProperties {
        queueCapacity = queueCapacity == 0 ? 5_000 : queueCapacity;
        maxBatchSize = maxBatchSize == 0 ? 500 : maxBatchSize;
        initialReplayId = initialReplayId == null ? -2L : initialReplayId;
        overflowLookback = overflowLookback == null ? Duration.ofHours(1) : overflowLookback;
        rereadAttempts = rereadAttempts == 0 ? 5 : rereadAttempts;
        restartBackoff = restartBackoff == null ? Duration.ofSeconds(1) : restartBackoff;
        restartMaxBackoff = restartMaxBackoff == null ? Duration.ofMinutes(1) : restartMaxBackoff;
    }
}
