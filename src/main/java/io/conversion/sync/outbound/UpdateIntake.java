package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.fields.Attribute;
import io.conversion.sync.fields.ContactFields;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import io.conversion.sync.settings.SyncSettingsService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a Conversion update, in one transaction: the contact (or company) is changed in Conversion, each changed
 * field's provenance records the Conversion change, and each changed mapped field whose sync mode lets it reach
 * Salesforce ({@link io.conversion.sync.fields.SyncMode#outboundSends}, decided from the last Salesforce value seen:
 * no Salesforce read) is queued in the {@link UpdateOutbox}. Nothing is queued while outbound sync is off (read-only):
 * those changes stay in Conversion and are never sent later.
 */
@Component("updateIntake")
public class UpdateIntake {

    /** What an update did: the fields queued for Salesforce and those kept in Conversion, with why. */
    public record Decision(long id, SyncedObject object, List<String> queued, Map<String, String> kept) {
    }

    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final FieldStateRepository fieldStates;
    private final FieldMap fieldMap;
    private final UpdateOutbox outbox;
    private final SyncSettingsService settings;
    private final ActivityLog activity;
    private final TransactionTemplate tx;
    private final ContactOutbox contactOutbox;
    private final OutboundProperties properties;

    UpdateIntake(ContactRepository contacts, CompanyRepository companies, FieldStateRepository fieldStates,
            FieldMap fieldMap, UpdateOutbox outbox, SyncSettingsService settings, ActivityLog activity,
            TransactionTemplate tx, ContactOutbox contactOutbox, OutboundProperties properties) {
        this.contactOutbox = contactOutbox;
        this.properties = properties;
        this.contacts = contacts;
        this.companies = companies;
        this.fieldStates = fieldStates;
        this.fieldMap = fieldMap;
        this.outbox = outbox;
        this.settings = settings;
        this.activity = activity;
        this.tx = tx;
    }

    /** @throws InvalidUpdateMessageException for a record that does not exist (dead-lettered by the route) */
    public Decision apply(UpdateMessage m) {
        return tx.execute(s -> m.target() == Target.CONTACT ? applyToContact(m) : applyToCompany(m));
    }

    private Decision applyToContact(UpdateMessage m) {
        Contact c = (m.id() != null ? contacts.findById(m.id()) : contacts.findByEmail(m.email()))
                .orElseThrow(() -> new InvalidUpdateMessageException("unknown contact "
                        + (m.id() != null ? "id " + m.id() : m.email())));
        if (m.id() != null && m.email() != null && !Contact.emailKey(m.email()).equals(Contact.emailKey(c.email()))) {
            throw new InvalidUpdateMessageException("contact " + m.id() + " has another email than " + m.email());
        }
        if (c.syncStatus() == Contact.SyncStatus.MERGED) {
            // Folded into another by a Salesforce merge: its changes are the surviving contact's.
            c = contacts.mergedInto(c.id()).flatMap(contacts::findById).orElse(c);
        }
        SyncedObject object = c.sfContactId() != null ? SyncedObject.CONTACT
                : c.sfLeadId() != null ? SyncedObject.LEAD : null;
        Map<String, FieldState> states = fieldStates.find(m.target(), c.id());
        Map<String, String> superseded = superseded(m, states, object);
        Contact.Builder b = c.toBuilder();
        m.changes().forEach((field, value) -> {
            if (!superseded.containsKey(field)) {
                ContactFields.set(b, field, value);
            }
        });
        contacts.update(b.build());
        if (c.syncStatus() == Contact.SyncStatus.DELETED_IN_SALESFORCE && properties.recreateDeleted()
                && settings.outboundEnabled() && contactOutbox.requeue(c.id(), settings.get().outbound())) {
            // Its Salesforce record was deleted there; this change creates it again, with the new values.
            activity.record(Activity.outbound(SyncedObject.CONTACT, null, c.id(), Activity.Outcome.APPLIED,
                    "RECREATE_QUEUED", "DELETED_IN_SALESFORCE", "Deleted in Salesforce; re-created on this Conversion"
                            + " change (sync.outbound.recreate-deleted)").withContact(c.id(), c.companyId()));
        }
        return decide(m, c.id(), object, c.id(), null, states, superseded);
    }

    /**
     * The changes that lose to a newer value and are not written at all, with the reason: one older than the field's
     * last Conversion change (messages arriving out of order: {@code STALE}), or, for a {@code TWO_WAY} field, one not
     * newer than the field's last Salesforce change ({@code SALESFORCE_NEWER}: the Salesforce value stays in both
     * systems, so that they converge).
     */
    private Map<String, String> superseded(UpdateMessage m, Map<String, FieldState> states, SyncedObject object) {
        Map<String, String> lost = new TreeMap<>();
        m.changes().keySet().forEach(field -> {
            FieldState state = states.get(field);
            if (state == null) {
                return;
            }
            Optional<FieldMapping> mapping = object == null ? Optional.empty() : fieldMap.mapping(object, field);
            if (state.conversionChangedAt() != null && m.changedAt() < state.conversionChangedAt()) {
                lost.put(field, "STALE");
            } else if (mapping.map(f -> f.mode() == SyncMode.TWO_WAY).orElse(false) && state.sfChangedAt() != null
                    && m.changedAt() <= state.sfChangedAt()) {
                lost.put(field, "SALESFORCE_NEWER");
            }
        });
        return lost;
    }

    private Decision applyToCompany(UpdateMessage m) {
        Company c = companies.findById(m.id())
                .orElseThrow(() -> new InvalidUpdateMessageException("unknown company id " + m.id()));
        SyncedObject object = c.sfAccountId() != null ? SyncedObject.ACCOUNT : null;
        Map<String, FieldState> states = fieldStates.find(m.target(), c.id());
        Map<String, String> superseded = superseded(m, states, object);
        Map<String, String> attributes = new TreeMap<>(c.attributes());
        m.changes().forEach((field, value) -> {
            if (superseded.containsKey(field)) {
                return;
            }
            Optional<String> attribute = Attribute.of(field);
            if (attribute.isEmpty()) {
                companies.updateName(c.id(), value);
            } else if (value == null) {
                attributes.remove(attribute.get());
            } else {
                attributes.put(attribute.get(), value);
            }
        });
        if (!attributes.equals(c.attributes())) {
            companies.updateAttributes(c.id(), attributes);
        }
        return decide(m, c.id(), object, null, c.id(), states, superseded);
    }

    /** Records provenance and queues what the modes allow; one activity row per update. */
    private Decision decide(UpdateMessage m, long id, SyncedObject object, Long contactId, Long companyId,
            Map<String, FieldState> states, Map<String, String> superseded) {
        boolean outboundOn = settings.outboundEnabled();
        List<String> queued = new ArrayList<>();
        Map<String, String> kept = new TreeMap<>(superseded);
        List<FieldState> changed = new ArrayList<>();
        m.changes().forEach((field, value) -> {
            if (superseded.containsKey(field)) {
                return;
            }
            FieldState state = states.getOrDefault(field, FieldState.empty(m.target(), id, field));
            changed.add(state.conversionChanged(m.changedAt()));
            Optional<FieldMapping> mapping = object == null ? Optional.empty() : fieldMap.mapping(object, field);
            if (object == null) {
                kept.put(field, "NOT_LINKED");
            } else if (mapping.isEmpty()) {
                kept.put(field, "NOT_MAPPED");
            } else if (!mapping.get().mode().outboundSends(state.sfValue(), state.sfChangedAt(), m.changedAt())) {
                kept.put(field, mapping.get().mode().name());
            } else if (!outboundOn) {
                kept.put(field, "OUTBOUND_DISABLED");
            } else {
                outbox.queue(m.target(), id, field, value, m.changedAt());
                queued.add(field);
            }
        });
        fieldStates.saveAll(changed);
        SyncedObject logged = object != null ? object : m.target() == Target.CONTACT ? SyncedObject.CONTACT
                : SyncedObject.ACCOUNT;
        String message = (queued.isEmpty() ? "stored in Conversion only" : "queued for Salesforce: " + queued)
                + (kept.isEmpty() ? "" : "; kept in Conversion: " + kept);
        activity.record(Activity.outbound(logged, null, contactId, queued.isEmpty() ? Activity.Outcome.SKIPPED
                        : Activity.Outcome.APPLIED, "UPDATE_STORED", queued.isEmpty() ? reason(kept) : null, message)
                .withContact(contactId, companyId));
        return new Decision(id, object, queued, kept);
    }

    /** The reason of an update none of whose fields goes to Salesforce: the one reason, or KEPT_IN_CONVERSION when several. */
    private static String reason(Map<String, String> kept) {
        List<String> reasons = kept.values().stream().distinct().toList();
        return reasons.size() == 1 ? reasons.get(0) : "KEPT_IN_CONVERSION";
    }
}
