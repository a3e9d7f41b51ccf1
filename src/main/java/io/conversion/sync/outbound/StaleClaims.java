package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.contacts.CompanyRepository;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At start-up, before any outbound route runs: the claims this node held when it last stopped (a kill leaves them)
 * are given back, so their contacts, domain Accounts and updates are sent again at once. A contact whose create had
 * left keeps its "sent" mark: the next batch reconciles it with Salesforce instead of creating it twice. The
 * {@code sync_batch} entries of those batches, still IN_PROGRESS, are closed ABANDONED with that reason (their
 * contacts and updates are sent by the batches that take them next, which have entries of their own).
 */
@Component
class StaleClaims implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(StaleClaims.class);

    private final ClaimTokens tokens;
    private final ContactOutbox contacts;
    private final CompanyRepository companies;
    private final UpdateOutbox updates;
    private final SyncBatches batches;
    private final Clock clock;

    StaleClaims(ClaimTokens tokens, ContactOutbox contacts, CompanyRepository companies, UpdateOutbox updates,
            SyncBatches batches, Clock clock) {
        this.batches = batches;
        this.clock = clock;
        this.tokens = tokens;
        this.contacts = contacts;
        this.companies = companies;
        this.updates = updates;
    }

    /** The note of a batch entry closed here. */
    static final String ABANDONED = "The service stopped while this batch ran. Its contacts and updates went back "
            + "to the outbox and are sent by the next batch (a create that had already left is found in Salesforce "
            + "and adopted, never made twice).";

    @Override
    public void afterPropertiesSet() {
        releaseOwn();
    }

    /** The note of a batch entry whose claim went unanswered ({@link UnansweredClaims}). */
    static final String UNANSWERED = "The database did not answer when this batch claimed its contacts. They went back "
            + "to the outbox and are sent by the next batch.";

    /** Gives back every claim of this node; returns how many rows were freed. */
    int releaseOwn() {
        return release(tokens.ownPattern(), ABANDONED);
    }

    /**
     * Gives back the claims whose token matches the LIKE pattern (contacts, domain Accounts, updates) and closes
     * their batch entries ABANDONED with the note; returns how many rows were freed.
     */
    int release(String pattern, String note) {
        int c = contacts.releaseClaimsLike(pattern);
        int a = companies.releaseDomainClaimsLike(pattern);
        int u = updates.releaseClaimsLike(pattern);
        int b = batches.abandon(Activity.Direction.OUTBOUND, pattern, clock.millis(), note);
        if (b + c + a + u > 0) {
            LOG.info("Took back claims {}: {} contacts, {} domain Accounts, {} updates; {} batches closed ABANDONED",
                    pattern, c, a, u, b);
        }
        return c + a + u;
    }
}
