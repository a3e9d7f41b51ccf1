package io.conversion.sync.inbound;

import static io.conversion.sync.inbound.BatchResults.text;

import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettingsService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;

/**
 * Contacts become Conversion contacts (see {@link PersonRules}), belonging to the company of their Account: a
 * placeholder company until the Account itself arrives, or, while Accounts do not sync, no company until it does.
 */
@Component
class ContactRules implements ObjectRules {

    private static final String ACCOUNT_ID = "AccountId";

    private final PersonRules persons;
    private final CompanyRepository companies;
    private final SyncSettingsService settings;

    ContactRules(PersonRules persons, CompanyRepository companies, SyncSettingsService settings) {
        this.persons = persons;
        this.companies = companies;
        this.settings = settings;
    }

    @Override
    public SyncedObject object() {
        return SyncedObject.CONTACT;
    }

    @Override
    public List<String> linkFields() {
        return List.of(ACCOUNT_ID);
    }

    @Override
    public void upsert(ChangeEvent e, String id, Map<String, Object> data, long ts, Optional<InboundRecord> rec,
            BatchResults out) {
        persons.upsert(e, id, data, ts, rec, out, links(out));
    }

    @Override
    public Optional<PersonRules.Creation> creation(ChangeEvent e, String id, Map<String, Object> data, long ts,
            BatchResults out) {
        return persons.creation(e, id, data, ts, out, links(out));
    }

    /** The Contact's Account: its company (a placeholder until the Account arrives). */
    private BiConsumer<Map<String, Object>, Contact.Builder> links(BatchResults out) {
        return (fields, contact) -> {
            if (fields.containsKey(ACCOUNT_ID)) {
                String accountId = text(fields.get(ACCOUNT_ID));
                contact.sfAccountId(accountId).companyId(accountId == null ? null : companyOfAccount(accountId, out));
            }
        };
    }

    @Override
    public void delete(ChangeEvent e, String id, Optional<InboundRecord> rec, BatchResults out) {
        persons.delete(e, id, rec, out);
    }

    /**
     * The company of an Account. One that has not arrived yet gets a placeholder (no name yet) while Accounts sync;
     * with Accounts off no company comes from Salesforce: none, and the contact keeps the Account id, so that
     * {@link AccountRules} links it once the Account syncs. An import chunk loads its Accounts' companies at once.
     */
    private Long companyOfAccount(String accountId, BatchResults out) {
        Long loaded = out.lookups.companyOfAccount(accountId);
        if (loaded != null) {
            return loaded;
        }
        Optional<Long> existing = companies.findBySfAccountId(accountId).map(Company::id);
        if (existing.isEmpty() && !settings.get().inbound().accounts()) {
            return null;
        }
        long id = existing.orElseGet(() -> companies.insertForAccount(null, null, false, accountId));
        out.lookups.companyOfAccount(accountId, id);
        return id;
    }
}
