package io.conversion.sync.outbound;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sync.outbound.*}: how new contacts are batched to Salesforce. The routes read the queue names, consumer
 * count, poll interval and retry policy of the same block as placeholders.
 */
@Validated
@ConfigurationProperties("sync.outbound")
public record OutboundProperties(
        /** Contacts per batch: one sObject Collections call takes at most 200 records. */
        @DefaultValue("200") @Min(1) @Max(200) int batchSize,
        /** A partial batch is sent once no new contact has arrived for this long (ms). */
        @DefaultValue("200") @Min(0) long flushAfterMs,
        /** ... or once its oldest contact has waited this long (ms), even while contacts keep arriving. */
        @DefaultValue("2000") @Min(0) long maxWaitMs,
        /** A worker's claim on contacts or on a domain's Account older than this (ms) is taken over (crashed worker). */
        @DefaultValue("300000") @Min(1000) long claimLeaseMs,
        /**
         * A contact whose Salesforce record was deleted there (DELETED_IN_SALESFORCE) is created again by its next
         * Conversion change. Off by default: a record a Salesforce user deleted stays deleted until "sync now".
         */
        @DefaultValue("false") boolean recreateDeleted,
        /**
         * Largest new-contact or update message (bytes of its body, queue or HTTP) that is read: a larger one is
         * dead-lettered (HTTP: 413) with its size, unparsed. A contact is a few hundred bytes.
         */
        @DefaultValue("1048576") @Min(1024) long maxMessageBytes,
        /**
         * Batches of creates a node has with Salesforce at once ({@link BatchesInFlight}).
         * 1: one after the other, so a burst's batches never contend for the same new domains.
         */
        @DefaultValue("1") @Min(1) @Max(10) int batchesInFlight) {
}
