package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.fields.CompanyFields;
import io.conversion.sync.fields.Attribute;
import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Accounts become Conversion companies with the domain of their Website. An Account adopts the Conversion company of
 * its domain if no other Account has it; a domain owned by another company is kept as information only. A delete
 * keeps the company and forgets the Account id. A company new to an Account takes the contacts that carry the
 * Account's id without a company (they arrived while Accounts did not sync). Mapped fields (custom ones into the company's attributes) are applied
 * by their sync mode ({@link InboundFields}).
 */
@Component
class AccountRules implements ObjectRules {

    private final CompanyRepository companies;
    private final InboundFields inboundFields;
    private final ContactRepository contacts;

    AccountRules(CompanyRepository companies, InboundFields inboundFields, ContactRepository contacts) {
        this.contacts = contacts;
        this.companies = companies;
        this.inboundFields = inboundFields;
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
                .or(() -> rec.isEmpty() && out.lookups.absentId(id) ? Optional.empty()
                        : companies.findBySfAccountId(id)).orElse(null);
        InboundFields.Decision decision = inboundFields.decide(e, data, ts,
                company == null ? Map.of() : out.fieldStates.of(Target.COMPANY, company.id()), company == null);
        Map<String, String> values = mappedValues(company, decision);
        String name = values.get(CompanyFields.NAME);
        String domain = values.get(CompanyFields.DOMAIN);
        Optional<Company> domainOwner = domain == null || out.lookups.absentDomain(domain) ? Optional.empty()
                : companies.findByDomain(domain);
        if (company == null && domainOwner.isPresent() && domainOwner.get().sfAccountId() == null) {
            company = domainOwner.get(); // a Conversion domain company not yet linked: the Account adopts it
        }
        Long companyId = company == null ? null : company.id();
        boolean ownsDomain = domain != null
                && (domainOwner.isEmpty() || domainOwner.get().id().equals(companyId));
        String action;
        if (company == null) {
            companyId = companies.insertForAccount(name, domain, ownsDomain, id);
            out.fieldStates.created(Target.COMPANY, companyId);
            action = "CREATED";
        } else {
            companies.updateForAccount(company.id(), name, domain, ownsDomain, id);
            action = BatchResults.updateAction(e, rec);
        }
        if (ownsDomain) {
            out.lookups.writtenDomain(domain);
        }
        if ((company == null || !id.equals(company.sfAccountId())) && !out.lookups.noContactCarries(id)) {
            // Contacts that kept this Account's id while it had no company (Accounts were off) now belong to it.
            contacts.linkToCompanyOfAccount(id, companyId);
        }
        Map<String, String> attributes = attributes(company, decision);
        if (!attributes.equals(company == null ? Map.of() : company.attributes())) {
            companies.updateAttributes(companyId, attributes);
        }
        out.fieldStates.record(Target.COMPANY, companyId, decision.seen());
        out.saveRecord(new InboundRecord(id, SyncedObject.ACCOUNT, State.LINKED, null, companyId, ts));
        out.appliedFields(e, id, action, null, companyId, BatchResults.changedFields(e, data), decision);
        if (domain != null && !ownsDomain) {
            long owner = domainOwner.get().id();
            Long linked = companyId;
            out.amendLast(a -> new Activity(null, null, a.direction(), a.objectType(), a.sfId(), null, linked,
                    a.outcome(), a.action(), "DOMAIN_TAKEN", "Domain " + domain + " already belongs to company "
                            + owner + "; this company keeps it as information only", a.replayId()));
        }
    }

    /** The company's standard fields: a field the decision applies takes its value, every other keeps the company's. */
    private static Map<String, String> mappedValues(Company company, InboundFields.Decision decision) {
        Map<String, String> values = new HashMap<>();
        for (String field : CompanyFields.NAMES) {
            values.put(field, company == null ? null : CompanyFields.get(company, field));
        }
        decision.values().forEach((field, value) -> {
            if (CompanyFields.NAMES.contains(field)) {
                values.put(field, CompanyFields.fromSalesforce(field, value));
            }
        });
        return values;
    }

    /** The company's custom attributes after the decision (a cleared one is removed). */
    private static Map<String, String> attributes(Company company, InboundFields.Decision decision) {
        Map<String, String> attributes = new TreeMap<>(company == null ? Map.of() : company.attributes());
        decision.values().forEach((field, value) -> Attribute.of(field).ifPresent(name -> {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }));
        return attributes;
    }

    @Override
    public void delete(ChangeEvent e, String id, Optional<InboundRecord> rec, BatchResults out) {
        Optional<Company> company = companies.findBySfAccountId(id);
        if (company.isEmpty()) {
            out.skip(e, id, "NOT_LINKED", "No Conversion company is linked to this Account", null);
            return;
        }
        companies.unlinkAccount(company.get().id());
        out.saveRecord(new InboundRecord(id, SyncedObject.ACCOUNT, State.DELETED, null, company.get().id(),
                e.commitTimestamp()));
        out.applied(e, id, "DELETED", null, company.get().id(), List.of());
    }
}
