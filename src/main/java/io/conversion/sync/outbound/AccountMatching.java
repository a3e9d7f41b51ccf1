package io.conversion.sync.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Domains;
import io.conversion.sync.inbound.AccountMirror;
import io.conversion.sync.salesforce.Soql;
import io.conversion.sync.salesforce.SoqlChunks;
import io.conversion.sync.salesforce.SyncedObject;
import java.io.IOException;
import java.net.IDN;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Links contacts created as Salesforce Contacts to existing Accounts by email domain: from Conversion's companies
 * when they mirror every Account ({@link AccountMirror}: no query at all), else one SOQL query for all the
 * domains of a batch, matched in Java on the normalised Website ({@code acme.com} matches
 * {@code https://www.acme.com/} but not {@code notacme.com} or {@code acme.com.evil.io}).
 */
@Component("accountMatching")
public class AccountMatching {

    private static final Logger LOG = LoggerFactory.getLogger(AccountMatching.class);

    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final ObjectMapper json;

    private final AccountMirror mirror;
    private final ContactOutbox outbox;
    private final OutboundProperties properties;

    AccountMatching(CompanyRepository companies, ActivityLog activity, ObjectMapper json, AccountMirror mirror,
            ContactOutbox outbox, OutboundProperties properties) {
        this.mirror = mirror;
        this.outbox = outbox;
        this.properties = properties;
        this.companies = companies;
        this.activity = activity;
        this.json = json;
    }

    /**
     * Resolves what Conversion already knows and returns the SOQL for the remaining domains (chunked by encoded
     * length: usually one query per batch), or none when no query is needed.
     */
    public List<String> queries(OutboundBatch batch) {
        resolve(batch);
        if (!batch.lookups.isEmpty() && mirror.complete()) {
            skipDomainsTheMirrorRulesOut(batch);
        }
        // LIKE is broad on purpose (Website holds URLs: https://www.acme.com/about); apply() keeps exact matches.
        // An internationalised domain is looked for as typed in Unicode too (www.bücher.de), not only as punycode.
        return SoqlChunks.of("SELECT Id, Name, Website FROM " + SyncedObject.ACCOUNT.sfName() + " WHERE ",
                batch.lookups.keySet().stream().flatMap(d -> Stream.of(d, IDN.toUnicode(d, IDN.ALLOW_UNASSIGNED))
                        .distinct()).map(d -> "Website LIKE '%" + Soql.likeEscape(d) + "%'").toList(),
                " OR ", " ORDER BY Id", SoqlChunks.GET_BUDGET);
    }

    /** Links what Conversion's companies know; the rest goes to batch.lookups. */
    private void resolve(OutboundBatch batch) {
        batch.lookups.clear();
        batch.unsettledDomains.clear();
        for (OutboundBatch.Item item : batch.items) {
            if (!item.asContact() || !item.open()) {
                continue;
            }
            if (item.contact.sfAccountId() != null) {
                // An earlier attempt already created this contact's own Account.
                item.accountId = item.contact.sfAccountId();
                item.companyId = item.contact.companyId();
            } else if (item.contact.linkByDomain() && item.companyDomain()) {
                Optional<Company> known = companies.findByDomain(item.domain);
                if (known.isPresent() && known.get().sfAccountId() != null) {
                    item.accountId = known.get().sfAccountId();
                    item.companyId = known.get().id();
                } else {
                    if (known.isPresent()) {
                        // Claimed by an earlier attempt that may have created the Account without recording it:
                        // this query (re-run on every attempt) finds it, and apply() adopts it.
                        batch.unsettledDomains.add(item.domain);
                    }
                    batch.lookups.computeIfAbsent(item.domain, d -> new ArrayList<>()).add(item);
                }
            }
        }
    }

    /**
     * The Account mirror is complete: a domain it does not know has no Account, so it is not looked up, unless an
     * Account may have been created a moment before the contacts arrived and its change event not applied yet. Then
     * a full batch (a burst: calls first) holds until the mirror caught up (at most the event lag) and looks again;
     * a partial one (idle: latency first) keeps the query, for just those domains. Domains claimed by an earlier
     * attempt (unsettled) are always queried: that query is the reconciliation.
     */
    private void skipDomainsTheMirrorRulesOut(OutboundBatch batch) {
        if (batch.unsettledDomains.containsAll(batch.lookups.keySet())) {
            LOG.debug("{}: {} domains claimed by an earlier attempt, queried to reconcile", batch,
                    batch.unsettledDomains.size());
            return;
        }
        Instant arrival = outbox.newestPendingSince(batch.claim);
        boolean trusted = arrival == null || mirror.caughtUpTo(arrival);
        if (!trusted && batch.items.size() >= properties.batchSize() && mirror.awaitCaughtUpTo(arrival)) {
            resolve(batch); // Accounts applied during the hold are linked now
            trusted = true;
        }
        if (trusted) {
            batch.lookups.keySet().removeIf(d -> !batch.unsettledDomains.contains(d));
            LOG.debug("{}: domains not in the complete Account mirror have no Account, not queried", batch);
        } else {
            LOG.debug("{}: {} domains queried, an Account may be on its way ({})", batch, batch.lookups.size(),
                    mirror.lagging(arrival));
        }
    }

    /** Links the looked-up contacts whose domain has an Account in the query result ({@code rawPayload} JSON). */
    public void apply(OutboundBatch batch, String queryResult) throws IOException {
        Map<String, String> accountByDomain = new HashMap<>();
        Map<String, String> nameByAccount = new HashMap<>();
        JsonNode records = json.readTree(queryResult).path("records");
        for (JsonNode r : records) {
            String id = r.path("Id").asText(null);
            Optional<String> domain = Domains.fromWebsite(r.path("Website").asText(null));
            if (id != null && domain.isPresent() && batch.lookups.containsKey(domain.get())) {
                // Several Accounts for one domain: the oldest (lowest id, the query is ordered) wins.
                accountByDomain.putIfAbsent(domain.get(), id);
                nameByAccount.put(id, r.path("Name").asText(null));
            }
        }
        accountByDomain.forEach((domain, accountId) -> {
            List<OutboundBatch.Item> items = batch.lookups.get(domain);
            String name = Optional.ofNullable(nameByAccount.get(accountId)).orElse(domain);
            Company company = companies.linkDomainToAccount(domain, name, accountId);
            if (batch.unsettledDomains.contains(domain)) {
                long contactId = items.get(0).contact.id();
                activity.record(Activity.outbound(SyncedObject.ACCOUNT, company.sfAccountId(), contactId,
                        Outcome.APPLIED, "ADOPT_ACCOUNT", "RECONCILED", SyncedObject.ACCOUNT + " "
                                + company.sfAccountId() + " of domain " + domain + " found in Salesforce (an earlier"
                                + " attempt claimed the domain; its answer was not recorded): ids adopted by"
                                + " reconciliation, not created again")
                        .withContact(contactId, company.id()));
            }
            for (OutboundBatch.Item item : items) {
                item.accountId = company.sfAccountId() != null ? company.sfAccountId() : accountId;
                item.companyId = company.id();
            }
        });
    }
}
