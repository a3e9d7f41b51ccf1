package io.conversion.sync.inbound;

import io.conversion.sync.inbound.InboundBatchWriter.Item;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A GAP_OVERFLOW (Salesforce dropped the individual events of a mass change) read again page by page: the object's
 * records modified within {@code sync.inbound.overflow-lookback} before the event, one SOQL page (2,000 records) at a
 * time, each page applied and committed in a transaction of its own before the next is read. Memory stays at one page
 * however large the overflow (it used to be one list of every record, an OutOfMemoryError away from ending the writer
 * thread).
 * <p>
 * Runs on the batch writer's thread before the transaction of the batch that holds the event, which then stores the
 * event's position: a crash in between replays the event and reads it again, and the pages find what they hold up to
 * date and write nothing ({@link InboundApplier#overflowPage}). Events of the same batch queued before the overflow are
 * applied after its pages; what they carry is older than what the pages read, so they are skipped as STALE.
 * (Not on the streaming thread: it is one of camel-salesforce's HTTP client threads, and a Salesforce query made while
 * it waits never gets its answer.)
 */
@Component
class OverflowRereads {

    private static final Logger LOG = LoggerFactory.getLogger(OverflowRereads.class);

    private final SalesforceReader salesforce;
    private final BatchTransaction transaction;
    private final InboundProperties properties;

    OverflowRereads(SalesforceReader salesforce, BatchTransaction transaction, InboundProperties properties) {
        this.salesforce = salesforce;
        this.transaction = transaction;
        this.properties = properties;
    }

    /** Reads and applies the records the overflow stands for, page by page. */
    void reread(ChangeEvent overflow) {
        long since = overflow.commitTimestamp() - properties.overflowLookback().toMillis();
        SalesforceReader.Page page = salesforce.firstPageChangedSince(overflow.object(), since);
        long records = 0;
        int pages = 0;
        while (true) {
            if (!page.records().isEmpty()) {
                transaction.apply(List.of(new Item(null, null, ImportPage.overflow(overflow, page.records()))),
                        Rereads.none());
                records += page.records().size();
                pages++;
            }
            if (page.nextRecordsUrl() == null) {
                break;
            }
            page = salesforce.nextPage(page.nextRecordsUrl());
        }
        LOG.info("GAP_OVERFLOW on {} (replay id {}): {} records changed since {} read again in {} page(s)",
                overflow.object(), overflow.replayId(), records, Instant.ofEpochMilli(since), pages);
    }
}
