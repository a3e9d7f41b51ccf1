package io.conversion.sync.inbound;

import static io.conversion.sync.inbound.BatchResults.text;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.fields.CompanyFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Accounts become Conversion companies with the domain of their Website. An Account adopts the Conversion company of
 * its domain if no other Account has it; a domain owned by another company is kept as information only. A delete
 * keeps the company and forgets the Account id.
 */
@Component
class AccountRules implements ObjectRules {

    private final CompanyRepository companies;
    private final InboundRecordRepository records;
    private final FieldMap fields;

    AccountRules(CompanyRepository companies, InboundRecordRepository records, FieldMap fields) {
        this.companies = companies;
        this.records = records;
        this.fields = fields;
    }

    @Override
    public SyncedObject object() {
        return SyncedObject.ACCOUNT;
    }

    @Override
    public List<String> linkFields() {
        return List.of();
    }

    @Override
    public void upsert(ChangeEvent e, String id, Map<String, Object> data, long ts, Optional<InboundRecord> rec,
            BatchResults out) {
        Company company = rec.filter(r -> r.companyId() != null)
                .flatMap(r -> companies.findById(r.companyId()))
                .or(() -> companies.findBySfAccountId(id)).orElse(null);
        Map<String, String> values = mappedValues(company, data);
        String name = values.get(CompanyFields.NAME);
        String domain = values.get(CompanyFields.DOMAIN);
        Optional<Company> domainOwner = domain == null ? Optional.empty() : companies.findByDomain(domain);
        if (company == null && domainOwner.isPresent() && domainOwner.get().sfAccountId() == null) {
            company = domainOwner.get(); // a Conversion domain company not yet linked: the Account adopts it
        }
        Long companyId = company == null ? null : company.id();
        boolean ownsDomain = domain != null
                && (domainOwner.isEmpty() || domainOwner.get().id().equals(companyId));
        String action;
        if (company == null) {
            companyId = companies.insertForAccount(name, domain, ownsDomain, id);
            action = "CREATED";
        } else {
            companies.updateForAccount(company.id(), name, domain, ownsDomain, id);
            action = BatchResults.updateAction(e, rec);
        }
        records.save(new InboundRecord(id, SyncedObject.ACCOUNT, State.LINKED, null, companyId, ts));
        out.applied(e, id, action, null, companyId, BatchResults.changedFields(e, data));
        if (domain != null && !ownsDomain) {
            long owner = domainOwner.get().id();
            Long linked = companyId;
            out.amendLast(a -> new Activity(null, null, a.direction(), a.objectType(), a.sfId(), null, linked,
                    a.outcome(), a.action(), "DOMAIN_TAKEN", "Domain " + domain + " already belongs to company "
                            + owner + "; this company keeps it as information only", a.replayId()));
        }
    }

    /** The company's fields: a mapped field the data carries takes its value, every other keeps the company's. */
    private Map<String, String> mappedValues(Company company, Map<String, Object> data) {
        Map<String, String> values = new HashMap<>();
        for (String field : CompanyFields.NAMES) {
            values.put(field, company == null ? null : CompanyFields.get(company, field));
        }
        for (FieldMapping m : fields.of(SyncedObject.ACCOUNT)) {
            if (data.containsKey(m.salesforceField())) {
                values.put(m.conversionField(),
                        CompanyFields.fromSalesforce(m.conversionField(), text(data.get(m.salesforceField()))));
            }
        }
        return values;
    }

    @Override
    public void delete(ChangeEvent e, String id, Optional<InboundRecord> rec, BatchResults out) {
        Optional<Company> company = companies.findBySfAccountId(id);
        if (company.isEmpty()) {
            out.skip(e, id, "NOT_LINKED", "No Conversion company is linked to this Account", null);
            return;
        }
        companies.unlinkAccount(company.get().id());
        records.save(new InboundRecord(id, SyncedObject.ACCOUNT, State.DELETED, null, company.get().id(),
                e.commitTimestamp()));
        out.applied(e, id, "DELETED", null, company.get().id(), List.of());
    }
}
