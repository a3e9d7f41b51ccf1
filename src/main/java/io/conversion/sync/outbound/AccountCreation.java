package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.CompanyRepository.DomainClaim;
import io.conversion.sync.salesforce.SfAccount;
import io.conversion.sync.salesforce.SyncedObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.springframework.stereotype.Component;

/**
 * Creates the Accounts a batch needs (createAccounts on): one per new domain when matching by domain, one per
 * contact when matching is off or the contact has no company domain (personal mailbox). Before asking for a domain's
 * Account the worker claims the domain's company row, so the same new domain never gets two Accounts (and a retry
 * whose answer was lost finds the claimed domain's Account by its Website, {@link AccountMatching}). A contact's own
 * Account has no such row: its create is noted on the contact before it leaves
 * ({@link ContactOutbox#sendingOwnAccounts}), so that a retry looks it up first ({@link OwnAccountReconciliation}).
 */
@Component("accountCreation")
public class AccountCreation {

    private final ContactOutbox outbox;
    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final OutboundProperties properties;
    private final Clock clock;

    AccountCreation(ContactOutbox outbox, CompanyRepository companies, ActivityLog activity,
            OutboundProperties properties, Clock clock) {
        this.outbox = outbox;
        this.companies = companies;
        this.activity = activity;
        this.properties = properties;
        this.clock = clock;
    }

    /** The Accounts to create, in request order (empty when none). */
    public List<SfAccount> records(OutboundBatch batch) {
        batch.accountRequests.clear();
        Map<String, List<OutboundBatch.Item>> byDomain = new LinkedHashMap<>();
        for (OutboundBatch.Item item : batch.items) {
            if (!item.asContact() || item.resolved() || !item.open() || !item.contact.createAccounts()) {
                continue;
            }
            if (item.contact.linkByDomain() && item.companyDomain()) {
                byDomain.computeIfAbsent(item.domain, d -> new ArrayList<>()).add(item);
            } else {
                String website = item.companyDomain() ? item.domain : null;
                batch.accountRequests.add(new OutboundBatch.AccountRequest(
                        new SfAccount(accountName(item), website), null, List.of(item)));
            }
        }
        byDomain.forEach((domain, items) -> {
            String name = accountName(items.get(0));
            DomainClaim claim = companies.claimDomain(domain, name, batch.claim,
                    clock.instant().minusMillis(properties.claimLeaseMs()));
            if (claim instanceof DomainClaim.Owner owner) {
                batch.accountRequests.add(
                        new OutboundBatch.AccountRequest(new SfAccount(name, domain), owner.companyId(), items));
            } else if (claim instanceof DomainClaim.Existing existing) {
                items.forEach(i -> {
                    i.accountId = existing.accountId();
                    i.companyId = existing.companyId();
                });
            } else {
                // Another worker is creating this domain's Account: these contacts go in a later batch.
                items.forEach(i -> i.deferred = true);
            }
        });
        // Before the request leaves: if its answer is lost, the next attempt looks these Accounts up instead.
        outbox.sendingOwnAccounts(batch.accountRequests.stream().filter(r -> r.domainCompanyId == null)
                .map(r -> new ContactOutbox.OwnAccountSend(r.items.get(0).contact.id(), r.account.getName(),
                        r.account.getWebsite())).toList());
        return batch.accountRequests.stream().map(r -> r.account).toList();
    }

    /** Links the contacts to the created Accounts; a refused Account fails the contacts that needed it. */
    public void apply(OutboundBatch batch, List<SaveSObjectResult> results) {
        for (int i = 0; i < batch.accountRequests.size(); i++) {
            OutboundBatch.AccountRequest request = batch.accountRequests.get(i);
            SaveSObjectResult result = i < results.size() ? results.get(i) : null;
            if (result != null && Boolean.TRUE.equals(result.getSuccess()) && result.getId() != null) {
                created(request, result.getId());
            } else {
                String error = SyncedObject.ACCOUNT + " not created: " + SalesforceErrors.describe(result);
                if (request.domainCompanyId != null) {
                    companies.releaseDomain(request.domainCompanyId, batch.claim);
                } else {
                    outbox.ownAccountRefused(request.items.get(0).contact.id());
                }
                request.items.forEach(item -> item.failure = error);
            }
        }
    }

    private void created(OutboundBatch.AccountRequest request, String accountId) {
        long companyId;
        if (request.domainCompanyId != null) {
            companyId = request.domainCompanyId;
            companies.domainAccountCreated(companyId, accountId);
        } else {
            OutboundBatch.Item item = request.items.get(0);
            companyId = companies.insertStandalone(request.account.getName(),
                    item.companyDomain() ? item.domain : null, accountId);
            // Kept even if the Contact call fails: a retry reuses this Account instead of creating another.
            outbox.linkOwnAccount(item.contact.id(), companyId, accountId);
        }
        long contactId = request.items.get(0).contact.id();
        activity.record(Activity.outbound(SyncedObject.ACCOUNT, accountId, contactId, Outcome.APPLIED,
                "CREATE_ACCOUNT", null, SyncedObject.ACCOUNT + " " + request.account.getName() + " created")
                .withContact(contactId, companyId));
        for (OutboundBatch.Item item : request.items) {
            item.accountId = accountId;
            item.companyId = companyId;
        }
    }

    private static String accountName(OutboundBatch.Item item) {
        PendingContact c = item.contact;
        if (c.companyName() != null) {
            return c.companyName();
        }
        if (item.companyDomain()) {
            return item.domain;
        }
        String person = ((c.firstName() == null ? "" : c.firstName() + " ")
                + (c.lastName() == null ? "" : c.lastName())).trim();
        return person.isEmpty() ? c.email() : person;
    }
}
