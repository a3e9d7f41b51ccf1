package io.conversion.sync.inbound;

import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.fields.CompanyFields;
import io.conversion.sync.fields.ContactFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Loads the {@link PageLookups} of one import chunk, in the batch's transaction: which of its ids Conversion holds
 * (inbound_record, then contact or company), which of its emails (Leads, Contacts) or domains (Accounts), the
 * companies of its Contacts' Accounts and which of its Accounts no contact carries; a few queries per thousand records
 * instead of a few per record.
 */
@Component
class PageLookupsLoader {

    private static final String ACCOUNT_ID = "AccountId";

    private final InboundRecordRepository records;
    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final FieldMap fields;

    PageLookupsLoader(InboundRecordRepository records, ContactRepository contacts, CompanyRepository companies,
            FieldMap fields) {
        this.records = records;
        this.contacts = contacts;
        this.companies = companies;
        this.fields = fields;
    }

    PageLookups load(SyncedObject object, List<Map<String, Object>> page) {
        List<String> ids = page.stream().map(r -> (String) r.get("Id")).filter(Objects::nonNull).toList();
        Set<String> absentIds = new HashSet<>(ids);
        absentIds.removeAll(records.existing(ids));
        if (object.isPerson()) {
            absentIds.removeAll(contacts.linkedSalesforceIds(absentIds));
        } else {
            absentIds.removeAll(companies.idsBySfAccountIds(absentIds).keySet());
        }
        Set<String> absentEmails = new HashSet<>();
        Set<String> absentDomains = new HashSet<>();
        Map<String, Long> companyByAccount = Map.of();
        Set<String> accountsWithoutContacts = new HashSet<>();
        if (object.isPerson()) {
            List<String> emails = values(object, ContactFields.EMAIL, page).stream()
                    .map(io.conversion.sync.contacts.Contact::emailKey).toList();
            absentEmails.addAll(emails);
            absentEmails.removeAll(contacts.existingEmailKeys(emails));
            if (object == SyncedObject.CONTACT) {
                companyByAccount = companies.idsBySfAccountIds(page.stream()
                        .map(r -> BatchResults.text(r.get(ACCOUNT_ID))).filter(Objects::nonNull).toList());
            }
        } else {
            List<String> domains = values(object, CompanyFields.DOMAIN, page).stream()
                    .map(w -> CompanyFields.fromSalesforce(CompanyFields.DOMAIN, w)).filter(Objects::nonNull).toList();
            absentDomains.addAll(domains);
            absentDomains.removeAll(companies.existingDomainKeys(domains));
            accountsWithoutContacts.addAll(ids);
            accountsWithoutContacts.removeAll(contacts.carriedAccountIds(ids));
        }
        return new PageLookups(absentIds, absentEmails, absentDomains, companyByAccount, accountsWithoutContacts);
    }

    /** The page's values of the Salesforce field mapped to a Conversion field (case-insensitively), non-blank. */
    private List<String> values(SyncedObject object, String conversionField, List<Map<String, Object>> page) {
        String sfField = fields.salesforceField(object, conversionField).orElse(null);
        List<String> values = new ArrayList<>(page.size());
        if (sfField == null) {
            return values;
        }
        for (Map<String, Object> r : page) {
            for (Entry<String, Object> e : r.entrySet()) {
                if (e.getKey().equalsIgnoreCase(sfField)) {
                    String v = BatchResults.text(e.getValue());
                    if (v != null) {
                        values.add(v);
                    }
                }
            }
        }
        return values;
    }
}
