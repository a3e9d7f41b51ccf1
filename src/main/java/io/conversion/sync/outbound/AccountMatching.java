package io.conversion.sync.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Domains;
import io.conversion.sync.salesforce.Soql;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.ArrayList;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Links contacts created as Salesforce Contacts to existing Accounts by email domain: one SOQL query for all the
 * domains of a batch, matched in Java on the normalised Website ({@code acme.com} matches
 * {@code https://www.acme.com/} but not {@code notacme.com} or {@code acme.com.evil.io}).
 */
@Component("accountMatching")
public class AccountMatching {

    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final ObjectMapper json;

    AccountMatching(CompanyRepository companies, ActivityLog activity, ObjectMapper json) {
        this.companies = companies;
        this.activity = activity;
        this.json = json;
    }

    /**
     * Resolves what Conversion already knows and returns the SOQL for the remaining domains, or null when no
     * query is needed.
     */
    public String query(OutboundBatch batch) {
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
        if (batch.lookups.isEmpty()) {
            return null;
        }
        // LIKE is broad on purpose (Website holds URLs: https://www.acme.com/about); apply() keeps exact matches.
        return "SELECT Id, Name, Website FROM " + SyncedObject.ACCOUNT.sfName() + " WHERE "
                + batch.lookups.keySet().stream()
                        .map(d -> "Website LIKE '%" + Soql.likeEscape(d) + "%'")
                        .collect(Collectors.joining(" OR "))
                + " ORDER BY Id";
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
