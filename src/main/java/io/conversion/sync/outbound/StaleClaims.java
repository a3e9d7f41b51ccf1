package io.conversion.sync.outbound;

import io.conversion.sync.contacts.CompanyRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At start-up, before any outbound route runs: the claims this node held when it last stopped (a kill leaves them)
 * are given back, so their contacts, domain Accounts and updates are sent again at once. A contact whose create had
 * left keeps its "sent" mark: the next batch reconciles it with Salesforce instead of creating it twice.
 */
@Component
class StaleClaims implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(StaleClaims.class);

    private final ClaimTokens tokens;
    private final ContactOutbox contacts;
    private final CompanyRepository companies;
    private final UpdateOutbox updates;

    StaleClaims(ClaimTokens tokens, ContactOutbox contacts, CompanyRepository companies, UpdateOutbox updates) {
        this.tokens = tokens;
        this.contacts = contacts;
        this.companies = companies;
        this.updates = updates;
    }

    @Override
    public void afterPropertiesSet() {
        releaseOwn();
    }

    /** Gives back every claim of this node; returns how many rows were freed. */
    int releaseOwn() {
        String pattern = tokens.ownPattern();
        int c = contacts.releaseClaimsLike(pattern);
        int a = companies.releaseDomainClaimsLike(pattern);
        int u = updates.releaseClaimsLike(pattern);
        if (c + a + u > 0) {
            LOG.info("Took back the claims node {} held when it stopped: {} contacts, {} domain Accounts, {} updates",
                    tokens.node(), c, a, u);
        }
        return c + a + u;
    }
}
