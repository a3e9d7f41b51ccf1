package io.conversion.sync.inbound;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code sync.inbound.import.*}: how the initial import reads an object (README "Initial import"). */
@Validated
@ConfigurationProperties("sync.inbound.import")
public record InitialImportProperties(
        /** Objects with at least this many records are read by a Bulk API 2.0 query job, smaller ones by SOQL. */
        @Min(0) long bulkThreshold,
        /** Records per Bulk results page (maxRecords): one API call each. */
        @Min(1) @Max(1_000_000) int pageSize,
        /** Records per writer item (one transaction at most): a page is applied in chunks of this size. */
        @Min(1) @Max(10_000) int chunkSize,
        /** Chunks handed to the writer ahead of the one being committed (reading overlaps writing). */
        @Min(1) @Max(64) int chunksInFlight,
        /** First wait between two looks at a running Bulk job; doubles up to maxPollInterval. */
        Duration pollInterval,
        Duration maxPollInterval,
        /** A Bulk job not complete after this long fails the object's import. */
        Duration jobTimeout) {

    public InitialImportProperties {
        bulkThreshold = bulkThreshold == 0 ? 10_000 : bulkThreshold;
        pageSize = pageSize == 0 ? 50_000 : pageSize;
        chunkSize = chunkSize == 0 ? 1_000 : chunkSize;
        chunksInFlight = chunksInFlight == 0 ? 4 : chunksInFlight;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        maxPollInterval = maxPollInterval == null ? Duration.ofSeconds(10) : maxPollInterval;
        jobTimeout = jobTimeout == null ? Duration.ofMinutes(30) : jobTimeout;
    }
}
