package io.conversion.sync.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.TextValues;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.LinkedHashMap;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** What happens to messages and batches that cannot go through: activity rows and dead-letter messages. */
@Component("outboundFailures")
public class OutboundFailures {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundFailures.class);

    private final ContactOutbox outbox;
    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final ObjectMapper json;

    private final SyncBatches batches;
    private final TransactionTemplate tx;
    private final Clock clock;

    OutboundFailures(ContactOutbox outbox, CompanyRepository companies, ActivityLog activity, ObjectMapper json,
            SyncBatches batches, TransactionTemplate tx, Clock clock) {
        this.batches = batches;
        this.tx = tx;
        this.clock = clock;
        this.outbox = outbox;
        this.companies = companies;
        this.activity = activity;
        this.json = json;
    }

    /** A malformed new-contact message: logged in the activity log; returns the reason for the DLQ header. */
    public String invalidMessage(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        String message = printable(failure);
        LOG.warn("New-contact message dead-lettered: {}", message);
        activity.record(Activity.outbound(SyncedObject.CONTACT, null, null, Outcome.FAILED, "STORE", "INVALID_MESSAGE",
                message));
        return "INVALID_MESSAGE: " + message;
    }

    /** A malformed update message, or one for an unknown record: logged; returns the reason for the DLQ header. */
    public String invalidUpdate(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure,
            @ExchangeProperty("updateTarget") String target) {
        String message = printable(failure);
        LOG.warn("Update message dead-lettered: {}", message);
        activity.record(Activity.outbound("COMPANY".equals(target) ? SyncedObject.ACCOUNT : SyncedObject.CONTACT, null,
                null, Outcome.FAILED, "UPDATE", "INVALID_MESSAGE", message));
        return "INVALID_MESSAGE: " + message;
    }

    /**
     * The reason without the control characters a bad message may have brought into it (an attribute name with a
     * NUL): PostgreSQL refuses NUL in text, and the activity row must be written for the message to be parked.
     */
    private static String printable(Exception failure) {
        return TextValues.clean(String.valueOf(failure.getMessage()), false);
    }

    /**
     * A batch Salesforce did not take after the retries (or refused as a whole): its contacts still waiting are
     * marked FAILED (retriable with "sync now"), its domain claims released. Returns one dead-letter message per
     * contact.
     */
    public List<String> failBatch(@ExchangeProperty("outboundClaim") String claim,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        String reason = failure instanceof SalesforceUnavailableException ? "SALESFORCE_UNAVAILABLE"
                : "SALESFORCE_REJECTED";
        String message = failure.getMessage();
        // The syncFailureReason header of each dead-letter message, as for invalid messages: "CODE: detail".
        exchange.setProperty("syncFailureReason", reason + ": " + message);
        // One transaction: the contacts FAILED, their rows, and the batch's entry closed FAILED with them.
        List<PendingContact> failed = tx.execute(s -> {
            List<PendingContact> contacts = outbox.failClaimed(claim, reason + ": " + message);
            companies.releaseDomains(claim);
            Long batchId = batches.openFor(claim);
            activity.recordBatch(Activity.Direction.OUTBOUND, "CREATE", batchId, clock.millis(), contacts.stream()
                    .map(c -> Activity.outbound(c.object(), null, c.id(), Outcome.FAILED,
                            "CREATE_" + c.object().name(), reason, message)).toList());
            batches.close(batchId, clock.millis());
            return contacts;
        });
        LOG.warn("Outbound batch {} failed ({} contacts): {}", claim, failed.size(), message);
        return failed.stream().map(c -> deadLetter(c, reason, message)).toList();
    }

    private String deadLetter(PendingContact c, String reason, String message) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("contactId", c.id());
        v.put("email", c.email());
        v.put("reason", reason);
        v.put("message", message);
        v.put("retry", "POST /api/contacts/" + c.id() + "/sync");
        try {
            return json.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
