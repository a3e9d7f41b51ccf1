package io.conversion.sync.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.contacts.Domains;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.inbound.InboundStore.RecordState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Applies one decided change event to Conversion's store, inside the batch writer's transaction, and collects the
 * activity rows and workflow triggers that go with it. Knows the product rules: no email no sync, converted Leads
 * hand over to their Contact, a Contact's Account is its company, deletes keep the Conversion row.
 */
@Component
class InboundApplier {

    static final String SOURCE = "SALESFORCE";
    private static final Set<String> SYSTEM_FIELDS = Set.of("Id", "CreatedDate", "CreatedById", "LastModifiedDate",
            "LastModifiedById", "OwnerId", "SystemModstamp", "IsDeleted");

    /** Records read again from Salesforce for one batch (gaps, unknown records, overflow). */
    record Rereads(Set<String> requested, Map<String, Map<String, Object>> byId,
            Map<ChangeEvent, List<Map<String, Object>>> overflow) {

        static Rereads none() {
            return new Rereads(Set.of(), Map.of(), Map.of());
        }
    }

    /** What a batch writes besides the data: activity rows and workflow triggers, in event order. */
    static final class Results {
        final List<Activity> activities = new ArrayList<>();
        final List<String> triggers = new ArrayList<>();
    }

    private final InboundStore store;
    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final ObjectMapper json;

    InboundApplier(InboundStore store, ContactRepository contacts, CompanyRepository companies, ObjectMapper json) {
        this.store = store;
        this.contacts = contacts;
        this.companies = companies;
        this.json = json;
    }

    /** Ids of this event that must be read from Salesforce before it can be applied. */
    List<String> idsToReread(ChangeEvent e, InboundDecision d, Set<String> createdEarlierInBatch) {
        List<String> ids = new ArrayList<>();
        if (d == InboundDecision.REREAD && e.changeType() != ChangeType.GAP_OVERFLOW) {
            ids.addAll(e.recordIds());
        } else if (d == InboundDecision.APPLY && e.changeType() == ChangeType.UPDATE) {
            for (String id : e.recordIds()) {
                if (!createdEarlierInBatch.contains(id) && needsFullRecord(e, id)) {
                    ids.add(id);
                }
            }
        }
        if (d == InboundDecision.APPLY
                && (e.changeType() == ChangeType.CREATE || e.changeType() == ChangeType.UNDELETE)) {
            createdEarlierInBatch.addAll(e.recordIds());
        }
        return ids;
    }

    /** An UPDATE carries only what changed: enough for a record we hold, not for one we have never synced. */
    private boolean needsFullRecord(ChangeEvent e, String id) {
        Optional<RecordState> rec = known(e.entity(), id);
        if (rec.isEmpty()) {
            return true;
        }
        return switch (rec.get().state()) {
            case RecordState.LINKED, RecordState.CONVERTED -> false;
            // An email arrived for a record skipped for lack of one: the rest of its fields are needed now.
            case RecordState.NO_EMAIL -> e.fields().get("Email") != null;
            default -> true;
        };
    }

    void apply(ChangeEvent e, InboundDecision d, Rereads rereads, Results out) {
        switch (d) {
            case OBJECT_PAUSED -> forEachRecord(e, id -> skip(out, e, id, "OBJECT_PAUSED",
                    "Inbound sync of " + e.entity() + " is off, or was off when the change was committed", null));
            case ECHO -> forEachRecord(e, id -> confirmEcho(e, id, out));
            case REREAD -> {
                if (e.changeType() == ChangeType.GAP_OVERFLOW) {
                    List<Map<String, Object>> records = rereads.overflow().getOrDefault(e, List.of());
                    skip(out, e, null, "GAP_OVERFLOW", "Overflow: " + records.size() + " recently changed "
                            + e.entity() + " records read again", null);
                    for (Map<String, Object> r : records) {
                        String id = (String) r.get("Id");
                        upsert(e, id, r, Math.max(SalesforceReader.modstamp(r), 0L), out);
                    }
                } else {
                    for (String id : e.recordIds()) {
                        Map<String, Object> r = rereads.byId().get(id);
                        if (r == null) {
                            delete(e, id, out); // gone from Salesforce
                        } else {
                            upsert(e, id, r, Math.max(SalesforceReader.modstamp(r), e.commitTimestamp()), out);
                        }
                    }
                }
            }
            case APPLY -> {
                for (String id : e.recordIds()) {
                    switch (e.changeType()) {
                        case DELETE -> delete(e, id, out);
                        case UPDATE -> {
                            Map<String, Object> r = rereads.byId().get(id);
                            if (r != null) {
                                upsert(e, id, r, Math.max(SalesforceReader.modstamp(r), e.commitTimestamp()), out);
                            } else if (rereads.requested().contains(id)) {
                                skip(out, e, id, "NOT_FOUND", "Updated record no longer exists in Salesforce", null);
                            } else {
                                upsert(e, id, e.fields(), e.commitTimestamp(), out);
                            }
                        }
                        default -> upsert(e, id, e.fields(), e.commitTimestamp(), out);
                    }
                }
            }
        }
    }

    // ---- initial import ----

    /**
     * Initial import: one record as read by SOQL, applied like a re-read (same product rules), unless what we hold
     * is as recent or more recent (already imported, or changed by a change event since the import read it): then
     * nothing is written and nothing logged, so a second import changes nothing.
     *
     * @return the outcome for the import's counters: {@code IMPORTED}, or the reason it was skipped
     */
    String importRecord(String entity, Map<String, Object> record, Results out) {
        String id = (String) record.get("Id");
        long modstamp = SalesforceReader.modstamp(record);
        Optional<RecordState> rec = known(entity, id);
        if (rec.isPresent() && rec.get().commitTimestamp() >= modstamp) {
            return "UP_TO_DATE";
        }
        ChangeEvent e = new ChangeEvent(null, 0L, entity, ChangeType.IMPORT, List.of(id), null, modstamp, 0L, null, 0L,
                List.of(), record);
        int before = out.activities.size();
        upsert(e, id, record, modstamp, out);
        if (out.activities.size() == before) {
            return "IMPORTED";
        }
        Activity last = out.activities.get(out.activities.size() - 1);
        return last.outcome() == Outcome.APPLIED ? "IMPORTED" : last.reason();
    }

    // ---- create / update / undelete ----

    private void upsert(ChangeEvent e, String id, Map<String, Object> data, long ts, Results out) {
        Optional<RecordState> rec = known(e.entity(), id);
        if (rec.isPresent() && rec.get().commitTimestamp() > ts) {
            skip(out, e, id, "STALE", "A newer change of this record was already applied", rec.get());
            return;
        }
        switch (e.entity()) {
            case "Lead" -> {
                if (rec.isPresent() && rec.get().is(RecordState.CONVERTED)) {
                    skip(out, e, id, "CONVERTED_LEAD", "Lead was converted; its Contact syncs instead", rec.get());
                } else if (Boolean.TRUE.equals(data.get("IsConverted"))) {
                    convertLead(e, id, data, ts, rec, out);
                } else {
                    upsertPerson(e, id, data, ts, rec, out);
                }
            }
            case "Contact" -> upsertPerson(e, id, data, ts, rec, out);
            case "Account" -> upsertCompany(e, id, data, ts, rec, out);
            default -> skip(out, e, id, "UNSUPPORTED_OBJECT", e.entity() + " is not synced", null);
        }
    }

    private void upsertPerson(ChangeEvent e, String id, Map<String, Object> data, long ts,
            Optional<RecordState> rec, Results out) {
        boolean lead = "Lead".equals(e.entity());
        Contact target = locate(e.entity(), id, rec).orElse(null);
        String email = text(data.get("Email"));
        if (target != null && data.containsKey("Email") && email == null) {
            skip(out, e, id, "NO_EMAIL", "Email was removed in Salesforce; the Conversion contact keeps its email",
                    rec.orElse(null));
            store.saveRecord(new RecordState(id, e.entity(), RecordState.LINKED, target.id(), null, ts));
            return;
        }
        if (target == null && email == null) {
            skip(out, e, id, "NO_EMAIL", e.entity() + " has no email address", null);
            store.saveRecord(new RecordState(id, e.entity(), RecordState.NO_EMAIL, null, null, ts));
            return;
        }
        if (target == null) {
            Optional<Contact> sameEmail = contacts.findByEmail(email);
            if (sameEmail.isPresent()) {
                String holder = lead ? sameEmail.get().sfLeadId() : sameEmail.get().sfContactId();
                if (holder != null && !holder.equals(id)) {
                    skip(out, e, id, "DUPLICATE_EMAIL", "Conversion contact " + sameEmail.get().id() + " with this "
                            + "email is already linked to " + e.entity() + " " + holder, null);
                    store.saveRecord(new RecordState(id, e.entity(), RecordState.UNLINKED, null, null, ts));
                    return;
                }
                target = sameEmail.get(); // e.g. the Contact of a converted Lead: re-linked, never duplicated
            }
        } else if (email != null && !Objects.equals(Contact.emailKey(email), Contact.emailKey(target.email()))) {
            Optional<Contact> other = contacts.findByEmail(email);
            if (other.isPresent() && !other.get().id().equals(target.id())) {
                skip(out, e, id, "DUPLICATE_EMAIL", "New email belongs to Conversion contact " + other.get().id(),
                        rec.orElse(null));
                return;
            }
        }

        Long companyId = target == null ? null : target.companyId();
        String accountId = target == null ? null : target.sfAccountId();
        if (!lead && data.containsKey("AccountId")) {
            accountId = text(data.get("AccountId"));
            companyId = accountId == null ? null : companyOfAccount(accountId);
        }
        Contact merged = new Contact(target == null ? null : target.id(),
                email != null ? email : target.email(),
                pick(data, "FirstName", target == null ? null : target.firstName()),
                pick(data, "LastName", target == null ? null : target.lastName()),
                pick(data, "Title", target == null ? null : target.title()),
                pick(data, "Phone", target == null ? null : target.phone()),
                lead ? pick(data, "Company", target == null ? null : target.companyName())
                        : target == null ? null : target.companyName(),
                companyId,
                target == null ? SOURCE : target.source(),
                lead ? id : target == null ? null : target.sfLeadId(),
                lead ? (target == null ? null : target.sfContactId()) : id,
                accountId,
                target == null ? SyncStatus.SYNCED : target.syncStatus(),
                target == null ? null : target.syncError(), null, null);
        String action;
        long contactId;
        if (target == null) {
            contactId = contacts.insert(merged).id();
            action = "CREATED";
        } else {
            contacts.update(merged);
            contactId = target.id();
            action = e.changeType() == ChangeType.UNDELETE || rec.map(r -> r.is(RecordState.DELETED)).orElse(false)
                    ? "UNDELETED" : "UPDATED";
        }
        store.saveRecord(new RecordState(id, e.entity(), RecordState.LINKED, contactId, null, ts));
        applied(out, e, id, action, contactId, companyId, "contact", changedFields(e, data));
    }

    /**
     * The Lead UPDATE of a conversion (IsConverted, ConvertedContactId) comes after the Contact CREATE of the same
     * transaction: the Conversion contact of the Lead takes the new Contact's id, unless another contact has it.
     */
    private void convertLead(ChangeEvent e, String id, Map<String, Object> data, long ts, Optional<RecordState> rec,
            Results out) {
        String contactSfId = text(data.get("ConvertedContactId"));
        Contact fromLead = locate("Lead", id, rec).orElse(null);
        String detail = "Lead converted" + (contactSfId == null ? "" : " to Contact " + contactSfId);
        if (fromLead != null && contactSfId != null) {
            Optional<Contact> holder = contacts.findBySfContactId(contactSfId);
            if (holder.isEmpty()) {
                contacts.update(new Contact(fromLead.id(), fromLead.email(), fromLead.firstName(),
                        fromLead.lastName(), fromLead.title(), fromLead.phone(), fromLead.companyName(),
                        fromLead.companyId(), fromLead.source(), fromLead.sfLeadId(), contactSfId,
                        fromLead.sfAccountId(), fromLead.syncStatus(), fromLead.syncError(), null, null));
                store.saveRecord(new RecordState(contactSfId, "Contact", RecordState.LINKED, fromLead.id(), null,
                        ts));
                out.activities.add(Activity.inbound("Contact", contactSfId, Outcome.APPLIED, "RELINKED", null,
                        "Conversion contact of Lead " + id + " now follows Contact " + contactSfId, replay(e))
                        .withContact(fromLead.id(), fromLead.companyId()));
                detail += "; Conversion contact " + fromLead.id() + " re-linked";
            } else if (!holder.get().id().equals(fromLead.id())) {
                detail += "; Contact already linked to Conversion contact " + holder.get().id();
            }
        }
        store.saveRecord(new RecordState(id, "Lead", RecordState.CONVERTED, fromLead == null ? null : fromLead.id(),
                null, ts));
        out.activities.add(Activity.inbound("Lead", id, Outcome.SKIPPED, null, "CONVERTED_LEAD", detail,
                replay(e)).withContact(fromLead == null ? null : fromLead.id(), null));
    }

    private void upsertCompany(ChangeEvent e, String id, Map<String, Object> data, long ts, Optional<RecordState> rec,
            Results out) {
        Company company = rec.filter(r -> r.companyId() != null)
                .flatMap(r -> companies.findById(r.companyId()))
                .or(() -> companies.findBySfAccountId(id)).orElse(null);
        String name = data.containsKey("Name") ? text(data.get("Name")) : company == null ? null : company.name();
        String domain = data.containsKey("Website")
                ? Domains.fromWebsite(text(data.get("Website"))).orElse(null)
                : company == null ? null : company.domain();
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
            action = e.changeType() == ChangeType.UNDELETE || rec.map(r -> r.is(RecordState.DELETED)).orElse(false)
                    ? "UNDELETED" : "UPDATED";
        }
        store.saveRecord(new RecordState(id, "Account", RecordState.LINKED, null, companyId, ts));
        applied(out, e, id, action, null, companyId, "company", changedFields(e, data));
        if (domain != null && !ownsDomain) {
            Activity last = out.activities.remove(out.activities.size() - 1);
            out.activities.add(new Activity(null, null, last.direction(), last.objectType(), last.sfId(), null,
                    companyId, last.outcome(), last.action(), "DOMAIN_TAKEN", "Domain " + domain
                            + " already belongs to company " + domainOwner.get().id()
                            + "; this company keeps it as information only",
                    last.replayId()));
        }
    }

    /** The company of an Account; a placeholder (no name yet) when the Account has not arrived yet. */
    private Long companyOfAccount(String accountId) {
        return companies.findBySfAccountId(accountId).map(Company::id)
                .orElseGet(() -> companies.insertForAccount(null, null, false, accountId));
    }

    // ---- delete ----

    /**
     * Deleting in Salesforce keeps the Conversion row (its marketing history) and only forgets the Salesforce id;
     * an undelete links it again.
     */
    private void delete(ChangeEvent e, String id, Results out) {
        Optional<RecordState> rec = known(e.entity(), id);
        if (rec.isPresent() && rec.get().is(RecordState.CONVERTED)) {
            skip(out, e, id, "CONVERTED_LEAD", "Lead was converted; its Contact syncs instead", rec.get());
            return;
        }
        if ("Account".equals(e.entity())) {
            Optional<Company> company = companies.findBySfAccountId(id);
            if (company.isEmpty()) {
                skip(out, e, id, "NOT_LINKED", "No Conversion company is linked to this Account", null);
                return;
            }
            companies.unlinkAccount(company.get().id());
            store.saveRecord(new RecordState(id, "Account", RecordState.DELETED, null, company.get().id(),
                    e.commitTimestamp()));
            applied(out, e, id, "DELETED", null, company.get().id(), "company", List.of());
            return;
        }
        Optional<Contact> target = locate(e.entity(), id, rec);
        if (target.isEmpty()) {
            skip(out, e, id, "NOT_LINKED", "No Conversion contact is linked to this " + e.entity(), null);
            return;
        }
        Contact c = target.get();
        boolean lead = "Lead".equals(e.entity());
        contacts.update(new Contact(c.id(), c.email(), c.firstName(), c.lastName(), c.title(), c.phone(),
                c.companyName(), c.companyId(), c.source(), lead ? null : c.sfLeadId(), lead ? c.sfContactId() : null,
                c.sfAccountId(), c.syncStatus(), c.syncError(), null, null));
        store.saveRecord(new RecordState(id, e.entity(), RecordState.DELETED, c.id(), null, e.commitTimestamp()));
        applied(out, e, id, "DELETED", c.id(), c.companyId(), "contact", List.of());
    }

    // ---- echo ----

    /**
     * Our own write coming back: not applied again and nothing is written. Linking the Salesforce id to our row is
     * the outbound sync's job (it stores the id from Salesforce's answer, and reconciles by email when an answer was
     * lost); doing it here as well would race with that reconciliation. The log row names the Conversion row.
     */
    private void confirmEcho(ChangeEvent e, String id, Results out) {
        Long contactId = null;
        Long companyId = null;
        String message = "Change made by this service (" + e.changeOrigin() + ")";
        if ("Account".equals(e.entity())) {
            companyId = companies.findBySfAccountId(id).map(Company::id).orElse(null);
        } else {
            Optional<Contact> linked = "Lead".equals(e.entity()) ? contacts.findBySfLeadId(id)
                    : contacts.findBySfContactId(id);
            String email = text(e.fields().get("Email"));
            contactId = linked.or(() -> email == null ? Optional.empty() : contacts.findByEmail(email))
                    .map(Contact::id).orElse(null);
        }
        out.activities.add(Activity.inbound(e.entity(), id, Outcome.SKIPPED, null, "ECHO", message, e.replayId())
                .withContact(contactId, companyId));
    }

    // ---- helpers ----

    /** Our state of a record, also for rows linked by the outbound sync (which does not write inbound_record). */
    Optional<RecordState> known(String entity, String id) {
        Optional<RecordState> rec = store.record(id);
        if (rec.isPresent()) {
            return rec;
        }
        return switch (entity) {
            case "Lead" -> contacts.findBySfLeadId(id)
                    .map(c -> new RecordState(id, entity, RecordState.LINKED, c.id(), null, 0L));
            case "Contact" -> contacts.findBySfContactId(id)
                    .map(c -> new RecordState(id, entity, RecordState.LINKED, c.id(), null, 0L));
            // A placeholder company (created for a Contact's AccountId) is not the Account yet.
            case "Account" -> companies.findBySfAccountId(id).filter(c -> c.name() != null)
                    .map(c -> new RecordState(id, entity, RecordState.LINKED, null, c.id(), 0L));
            default -> Optional.empty();
        };
    }

    private Optional<Contact> locate(String entity, String id, Optional<RecordState> rec) {
        boolean lead = "Lead".equals(entity);
        Optional<Contact> linked = lead ? contacts.findBySfLeadId(id) : contacts.findBySfContactId(id);
        if (linked.isPresent()) {
            return linked;
        }
        // Deleted earlier (id unlinked): the undelete finds the same contact again, if its slot is still free.
        return rec.filter(r -> r.contactId() != null && r.is(RecordState.DELETED))
                .flatMap(r -> contacts.findById(r.contactId()))
                .filter(c -> (lead ? c.sfLeadId() : c.sfContactId()) == null);
    }

    private void forEachRecord(ChangeEvent e, java.util.function.Consumer<String> action) {
        if (e.recordIds().isEmpty()) {
            action.accept(null);
        } else {
            e.recordIds().forEach(action);
        }
    }

    /** Activity rows of the initial import carry no replay id (they come from no event). */
    private static Long replay(ChangeEvent e) {
        return e.changeType() == ChangeType.IMPORT ? null : e.replayId();
    }

    private void skip(Results out, ChangeEvent e, String id, String reason, String message, RecordState rec) {
        out.activities.add(Activity.inbound(e.entity(), id, Outcome.SKIPPED, null, reason, message, replay(e))
                .withContact(rec == null ? null : rec.contactId(), rec == null ? null : rec.companyId()));
    }

    private void applied(Results out, ChangeEvent e, String id, String action, Long contactId, Long companyId,
            String conversionType, List<String> changedFields) {
        if (e.changeType() == ChangeType.IMPORT) {
            // Not a change: no workflow trigger. What the import did to the Conversion row is in the message.
            out.activities.add(Activity.inbound(e.entity(), id, Outcome.APPLIED, "IMPORTED", null,
                    "Initial import: " + action + " " + String.join(",", changedFields), null)
                    .withContact(contactId, companyId));
            return;
        }
        out.activities.add(Activity.inbound(e.entity(), id, Outcome.APPLIED, action, null,
                e.changeType() + " " + String.join(",", changedFields), e.replayId())
                .withContact(contactId, companyId));
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("object", e.entity());
        trigger.put("conversionType", conversionType);
        trigger.put("conversionId", "contact".equals(conversionType) ? contactId : companyId);
        trigger.put("salesforceId", id);
        trigger.put("changeType", switch (action) {
            case "CREATED" -> "CREATE";
            case "DELETED" -> "DELETE";
            case "UNDELETED" -> "UNDELETE";
            default -> "UPDATE";
        });
        trigger.put("changedFields", changedFields);
        trigger.put("commitTimestamp", e.commitTimestamp());
        trigger.put("transactionKey", e.transactionKey());
        trigger.put("replayId", e.replayId());
        try {
            out.triggers.add(json.writeValueAsString(trigger));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** UPDATE: the fields Salesforce says changed; otherwise the fields the data carries. */
    private static List<String> changedFields(ChangeEvent e, Map<String, Object> data) {
        if (e.changeType() == ChangeType.UPDATE && data == e.fields() && !e.changedFields().isEmpty()) {
            return e.changedFields().stream().filter(f -> !SYSTEM_FIELDS.contains(f)).toList();
        }
        return data.keySet().stream().filter(f -> !SYSTEM_FIELDS.contains(f)).toList();
    }

    private static String pick(Map<String, Object> data, String field, String current) {
        return data.containsKey(field) ? text(data.get(field)) : current;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }
}
