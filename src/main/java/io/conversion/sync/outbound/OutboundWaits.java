package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.CompanyRepository;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A batch that waits for the org's daily API allowance: its contacts go back to the outbox as PENDING, the reason
 * in their {@code syncError} and one activity row each (SKIPPED, reason e.g. {@code API_LIMIT_EXCEEDED}); the next
 * batch takes them once the allowance recovers. Never FAILED, never dead-lettered.
 */
@Component("outboundWaits")
public class OutboundWaits {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundWaits.class);

    private final ContactOutbox outbox;
    private final CompanyRepository companies;
    private final ActivityLog activity;

    OutboundWaits(ContactOutbox outbox, CompanyRepository companies, ActivityLog activity) {
        this.outbox = outbox;
        this.companies = companies;
        this.activity = activity;
    }

    public int waitBatch(@ExchangeProperty("outboundClaim") String claim,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) ApiBudgetWaitException reason) {
        List<PendingContact> waiting = outbox.waitClaimed(claim, reason.getMessage());
        companies.releaseDomains(claim);
        LOG.info("Outbound batch {} waits ({} contacts PENDING): {}", claim, waiting.size(), reason.getMessage());
        activity.recordAll(waiting.stream().map(c -> Activity.outbound(c.object(), null, c.id(), Outcome.SKIPPED,
                "CREATE_" + c.object().name(), reason.code(), reason.getMessage())).toList());
        return waiting.size();
    }
}
