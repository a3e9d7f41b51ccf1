package io.conversion.sync.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.contacts.Emails;
import io.conversion.sync.contacts.SalesforceDuplicates;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.inbound.InboundMirror;
import io.conversion.sync.salesforce.Soql;
import io.conversion.sync.salesforce.SoqlChunks;
import io.conversion.sync.salesforce.SyncedObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectComposite;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectCompositeResponse;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectCompositeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Match before create: a batch never creates a Lead or Contact for an email Salesforce already has. Contacts that
 * Conversion's mirror already links (inbound linked them, e.g. a rep created the Lead) are settled without a call.
 * For the objects whose mirror is not complete ({@link InboundMirror}), the batch's emails are looked up with ONE
 * API call: a composite request holding {@code SELECT ... FROM Lead/Contact WHERE Email IN (...)} subrequests, each
 * chunked by encoded length so no URL comes near Salesforce's 16,384-character limit. The record chosen per email
 * ({@link #RANK}) is linked (MATCHED_EXISTING) and its fields reconciled by mode ({@link MatchedFields}); the others
 * with that email are named in the activity log as duplicates and listed on the contact
 * ({@link SalesforceDuplicates}). (Slightly over 250 lines: building the lookup, ranking
 * its answer and linking the winner are one decision, read together.)
 */
@Component("personMatching")
public class PersonMatching {

    private static final Logger LOG = LoggerFactory.getLogger(PersonMatching.class);

    /** Salesforce takes at most 25 subrequests per composite request. */
    static final int MAX_SUBREQUESTS = 25;

    /** One Lead or Contact found for an email. */
    record Candidate(SyncedObject object, String id, boolean converted, String convertedContactId, String accountId,
            String lastModified, JsonNode record) {

        String describe() {
            return object + " " + id + (converted ? " (converted)" : "");
        }
    }

    /** Contact over Lead, an unconverted Lead over a converted one, then the most recently modified. */
    static final Comparator<Candidate> RANK = Comparator
            .comparingInt((Candidate c) -> c.object() == SyncedObject.CONTACT ? 0 : c.converted() ? 2 : 1)
            .thenComparing(Candidate::lastModified, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Candidate::id);

    private final ContactRepository contacts;
    private final ContactOutbox outbox;
    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final InboundMirror mirror;
    private final FieldMap fields;
    private final MatchedFields matchedFields;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final String apiVersion;
    private final SalesforceDuplicates duplicates;

    PersonMatching(ContactRepository contacts, ContactOutbox outbox, CompanyRepository companies, ActivityLog activity,
            InboundMirror mirror, FieldMap fields, MatchedFields matchedFields, TransactionTemplate tx,
            ObjectMapper json, @Value("${camel.component.salesforce.api-version:56.0}") String apiVersion,
            SalesforceDuplicates duplicates) {
        this.duplicates = duplicates;
        this.contacts = contacts;
        this.outbox = outbox;
        this.companies = companies;
        this.activity = activity;
        this.mirror = mirror;
        this.fields = fields;
        this.matchedFields = matchedFields;
        this.tx = tx;
        this.json = json;
        this.apiVersion = apiVersion;
    }

    /**
     * Settles the contacts the mirror already links, then returns the one composite request that looks the others
     * up in Salesforce, or null when no call is needed (nothing open, or every object's mirror is complete).
     */
    public SObjectComposite query(OutboundBatch batch) {
        settleLinked(batch);
        // An internationalised domain is asked for in both forms (matched by key below, so either finds the contact).
        List<String> emails = batch.items.stream().filter(OutboundBatch.Item::open).map(i -> i.contact.email())
                .flatMap(e -> Emails.forms(e).stream()).distinct().toList();
        if (emails.isEmpty()) {
            return null;
        }
        SObjectComposite composite = new SObjectComposite(apiVersion, false);
        int subrequests = 0;
        for (SyncedObject object : List.of(SyncedObject.CONTACT, SyncedObject.LEAD)) {
            if (mirror.complete(object)) {
                continue; // every record of it with one of these emails would be linked already
            }
            for (String soql : soql(object, emails)) {
                composite.addQuery(URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20"),
                        object.sfName() + "-" + subrequests++);
            }
        }
        if (subrequests == 0) {
            return null;
        }
        if (subrequests > MAX_SUBREQUESTS) {
            throw new IllegalStateException(batch + ": " + subrequests + " lookups exceed one composite request");
        }
        LOG.debug("{}: looking up {} emails in Salesforce before creating ({} subrequests, one call)", batch,
                emails.size(), subrequests);
        return composite;
    }

    /** The SELECTs of one object for these emails, chunked by encoded length. */
    List<String> soql(SyncedObject object, List<String> emails) {
        Set<String> select = new LinkedHashSet<>(List.of("Id", "Email", "LastModifiedDate"));
        select.addAll(object == SyncedObject.CONTACT ? List.of("AccountId")
                : List.of("IsConverted", "ConvertedContactId"));
        select.addAll(fields.salesforceFields(object));
        String head = "SELECT " + String.join(", ", select) + " FROM " + object.sfName() + " WHERE Email IN (";
        return SoqlChunks.of(head, emails.stream().map(Soql::literal).toList(), ", ", ")",
                SoqlChunks.COMPOSITE_BUDGET);
    }

    /** Links each open contact to the best record found for its email, instead of creating one. */
    public void apply(OutboundBatch batch, SObjectCompositeResponse response) {
        Map<String, List<Candidate>> byEmail = new HashMap<>();
        for (SObjectCompositeResult result : response.getCompositeResponse()) {
            JsonNode body = json.valueToTree(result.getBody());
            if (result.getHttpStatusCode() >= 300) {
                // A lookup Salesforce could not answer: creating without it could duplicate; retried as a whole.
                throw new SalesforceUnavailableException("Lookup of existing Leads/Contacts failed: " + body, null);
            }
            for (JsonNode r : body.path("records")) {
                SyncedObject object = SyncedObject.ofName(r.path("attributes").path("type").asText("")).orElse(null);
                String email = r.path("Email").asText(null);
                if (object == null || email == null) {
                    continue;
                }
                byEmail.computeIfAbsent(Contact.emailKey(email), k -> new ArrayList<>()).add(new Candidate(object,
                        r.path("Id").asText(), r.path("IsConverted").asBoolean(false),
                        r.path("ConvertedContactId").asText(null), r.path("AccountId").asText(null),
                        r.path("LastModifiedDate").asText(null), r));
            }
        }
        if (byEmail.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(s -> {
            for (OutboundBatch.Item item : batch.items) {
                List<Candidate> found = byEmail.getOrDefault(Contact.emailKey(item.contact.email()), List.of());
                List<Candidate> free = found.stream().filter(c -> linkable(c, item.contact.id())).sorted(RANK)
                        .toList();
                if (item.open() && !free.isEmpty()) {
                    match(item, free.get(0), free.subList(1, free.size()));
                }
            }
        });
    }

    /** Not linked to another Conversion contact (whose email was changed in Salesforce). */
    private boolean linkable(Candidate c, long contactId) {
        var holder = c.object() == SyncedObject.LEAD ? contacts.findBySfLeadId(c.id())
                : contacts.findBySfContactId(c.id());
        return holder.map(h -> h.id() == contactId).orElse(true);
    }

    private void match(OutboundBatch.Item item, Candidate best, List<Candidate> duplicates) {
        Contact contact = contacts.findById(item.contact.id()).orElseThrow();
        String note = matchedFields.reconcile(contact, best.object(), best.record(), best.lastModified());
        boolean isContact = best.object() == SyncedObject.CONTACT;
        String leadId = isContact ? null : best.id();
        String contactId = isContact ? best.id() : best.convertedContactId();
        String accountId = isContact ? best.accountId() : null;
        Long companyId;
        if (isContact || contactId != null) {
            companyId = accountId == null ? contact.companyId()
                    : companies.findBySfAccountId(accountId).map(Company::id).orElse(contact.companyId());
        } else {
            companyId = companies.insertStandalone(PersonCreation.leadCompany(item), item.domain, null);
        }
        outbox.synced(item.contact.id(), companyId, leadId, contactId, accountId);
        this.duplicates.forget(best.id());
        duplicates.forEach(d -> this.duplicates.record(item.contact.id(), d.object(), d.id()));
        item.adopted = true;
        item.companyId = companyId;
        item.accountId = accountId;
        String message = "Existing " + best.describe() + " with this email linked instead of creating a "
                + item.object() + note
                + (duplicates.isEmpty() ? "" : "; duplicates in Salesforce: "
                        + String.join(", ", duplicates.stream().map(Candidate::describe).toList()));
        activity.record(Activity.outbound(best.object(), best.id(), item.contact.id(), Outcome.APPLIED,
                "MATCHED_EXISTING", duplicates.isEmpty() ? null : "DUPLICATES_IN_SALESFORCE", message)
                .withContact(item.contact.id(), companyId));
        LOG.info("Contact {}: matched existing {} (not created)", item.contact.id(), best.describe());
    }

    /**
     * Contacts a Salesforce record got linked to after they were claimed (inbound linked a Lead or Contact a rep
     * created): never created a second time. One query for the batch.
     */
    private void settleLinked(OutboundBatch batch) {
        List<OutboundBatch.Item> open = batch.items.stream().filter(OutboundBatch.Item::open).toList();
        if (open.isEmpty()) {
            return;
        }
        Map<Long, Contact> current = new LinkedHashMap<>();
        contacts.findByEmails(open.stream().map(i -> i.contact.email()).toList())
                .forEach(c -> current.put(c.id(), c));
        for (OutboundBatch.Item item : open) {
            Contact c = current.get(item.contact.id());
            if (c == null) {
                continue;
            }
            if (c.syncStatus() != SyncStatus.PENDING) {
                item.adopted = true; // settled meanwhile (linked by Salesforce): nothing to send
            } else if (c.sfLeadId() != null || c.sfContactId() != null) {
                SyncedObject object = c.sfContactId() != null ? SyncedObject.CONTACT : SyncedObject.LEAD;
                String sfId = c.sfContactId() != null ? c.sfContactId() : c.sfLeadId();
                outbox.synced(c.id(), c.companyId(), c.sfLeadId(), c.sfContactId(), c.sfAccountId());
                item.adopted = true;
                activity.record(Activity.outbound(object, sfId, c.id(), Outcome.APPLIED, "MATCHED_EXISTING", null,
                        "Already linked to " + object + " " + sfId + " in Conversion: not created again")
                        .withContact(c.id(), c.companyId()));
            }
        }
    }
}
