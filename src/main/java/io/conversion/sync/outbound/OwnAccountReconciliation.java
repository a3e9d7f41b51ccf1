package io.conversion.sync.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Domains;
import io.conversion.sync.outbound.PendingContact.OwnAccountSent;
import io.conversion.sync.salesforce.SalesforceIdentity;
import io.conversion.sync.salesforce.Soql;
import io.conversion.sync.salesforce.SoqlChunks;
import io.conversion.sync.salesforce.SyncedObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Makes the create of a contact's own Account idempotent (personal mailbox domain, or linking by domain off: no domain
 * company row to claim). A contact whose own-Account create an earlier attempt sent without the answer being
 * recorded ({@code own_account_sent_at}) may already have it: before creating it again, the batch looks such Accounts
 * up with ONE API call (a composite request of {@code SELECT ... FROM Account WHERE CreatedDate >= ... AND Name IN
 * (...)} subrequests, chunked by encoded length, values escaped) and adopts an Account that has the name and website
 * sent, was created since the first send (less the clock skew), by the integration user, and is not any other
 * company's Account yet. A rep's Account of the same name is never adopted. No marker, no call: the first attempt
 * keeps its call count.
 */
@Component("ownAccountReconciliation")
public class OwnAccountReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(OwnAccountReconciliation.class);

    /** Salesforce's date-times in query results: {@code 2026-12-03T00:15:00.000+0000}. */
    private static final DateTimeFormatter SF_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    /** One Account found: a candidate for the contacts whose own Account it may be. */
    record Found(String id, String name, String website, String createdById, Instant createdDate) {
    }

    private final ContactOutbox outbox;
    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final SalesforceIdentity identity;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final String apiVersion;

    OwnAccountReconciliation(ContactOutbox outbox, CompanyRepository companies, ActivityLog activity,
            SalesforceIdentity identity, TransactionTemplate tx, ObjectMapper json,
            @Value("${camel.component.salesforce.api-version:56.0}") String apiVersion) {
        this.outbox = outbox;
        this.companies = companies;
        this.activity = activity;
        this.identity = identity;
        this.tx = tx;
        this.json = json;
        this.apiVersion = apiVersion;
    }

    /** The lookup this attempt needs (one composite call), or null: no contact waits on an own-Account answer. */
    public SObjectComposite query(OutboundBatch batch) {
        List<OutboundBatch.Item> unsettled = unsettled(batch);
        if (unsettled.isEmpty()) {
            return null;
        }
        Instant since = unsettled.stream().map(i -> i.contact.ownAccountSent().at()).min(Comparator.naturalOrder())
                .orElseThrow().minus(PersonReconciliation.CLOCK_SKEW).truncatedTo(ChronoUnit.SECONDS);
        List<String> names = unsettled.stream().map(i -> Soql.literal(i.contact.ownAccountSent().name())).distinct()
                .toList();
        List<List<String>> groups = SoqlChunks.groups(names, ", ", SoqlChunks.COMPOSITE_BUDGET);
        if (groups.size() > PersonMatching.MAX_SUBREQUESTS) {
            // Only with hundreds of very long names: the rest wait for a later batch rather than a second call.
            Set<String> asked = new HashSet<>();
            groups.subList(0, PersonMatching.MAX_SUBREQUESTS).forEach(asked::addAll);
            unsettled.stream().filter(i -> !asked.contains(Soql.literal(i.contact.ownAccountSent().name())))
                    .forEach(i -> i.deferred = true);
            groups = groups.subList(0, PersonMatching.MAX_SUBREQUESTS);
        }
        // CreatedById is selected and compared in apply(), not in the WHERE: after a restart with lazy login this call
        // may be the one that logs in, so the integration user's id is known only once it is answered.
        String head = "SELECT Id, Name, Website, CreatedById, CreatedDate FROM " + SyncedObject.ACCOUNT.sfName()
                + " WHERE CreatedDate >= " + DateTimeFormatter.ISO_INSTANT.format(since) + " AND Name IN (";
        SObjectComposite composite = new SObjectComposite(apiVersion, false);
        for (int g = 0; g < groups.size(); g++) {
            String soql = head + String.join(", ", groups.get(g)) + ") ORDER BY CreatedDate, Id";
            composite.addQuery(URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20"), "OwnAccount-" + g);
        }
        LOG.info("{}: looking up {} own Accounts an earlier attempt sent ({} subrequests, one call)", batch,
                unsettled.size(), groups.size());
        return composite;
    }

    /** Contacts to create as Contacts whose own Account an earlier attempt sent, its answer never recorded. */
    private static List<OutboundBatch.Item> unsettled(OutboundBatch batch) {
        return batch.items.stream().filter(i -> i.asContact() && i.open() && !i.resolved()
                && i.contact.createAccounts() && i.contact.ownAccountSent() != null).toList();
    }

    /** Adopts, for each unsettled contact, the oldest Account found that can only be its own lost create. */
    public void apply(OutboundBatch batch, SObjectCompositeResponse response) {
        List<Found> found = new ArrayList<>();
        for (SObjectCompositeResult result : response.getCompositeResponse()) {
            JsonNode body = json.valueToTree(result.getBody());
            if (result.getHttpStatusCode() >= 300) {
                // Creating without the answer could duplicate the Account: the attempt is retried as a whole.
                throw new SalesforceUnavailableException("Lookup of own Accounts failed: " + body, null);
            }
            for (JsonNode r : body.path("records")) {
                found.add(new Found(r.path("Id").asText(null), r.path("Name").asText(null),
                        r.path("Website").asText(null), r.path("CreatedById").asText(null),
                        instant(r.path("CreatedDate").asText(null))));
            }
        }
        String us = identity.userId().orElse(null);
        Map<String, Long> known = companies.idsBySfAccountIds(found.stream().map(Found::id).toList());
        List<Found> ours = found.stream()
                .filter(f -> f.id() != null && f.createdDate() != null && !known.containsKey(f.id())
                        && SalesforceIdentity.sameId(f.createdById(), us))
                .sorted(Comparator.comparing(Found::createdDate).thenComparing(Found::id)).toList();
        if (us == null) {
            LOG.warn("{}: the integration user's id is not known: no own Account adopted", batch);
        }
        Set<String> taken = new HashSet<>();
        List<OutboundBatch.Item> waiting = unsettled(batch).stream()
                .sorted(Comparator.comparing((OutboundBatch.Item i) -> i.contact.ownAccountSent().at())
                        .thenComparing(i -> i.contact.id()))
                .toList();
        tx.executeWithoutResult(s -> {
            for (OutboundBatch.Item item : waiting) {
                OwnAccountSent sent = item.contact.ownAccountSent();
                ours.stream().filter(f -> !taken.contains(f.id()) && matches(f, sent)).findFirst().ifPresent(f -> {
                    taken.add(f.id());
                    adopt(item, f);
                });
            }
        });
    }

    /** The name and website this contact's create sent, created no earlier than its first send (less the skew). */
    static boolean matches(Found f, OwnAccountSent sent) {
        return f.name() != null && f.name().equalsIgnoreCase(sent.name())
                && Objects.equals(Domains.fromWebsite(f.website()).orElse(null), sent.website())
                && !f.createdDate().isBefore(sent.at().minus(PersonReconciliation.CLOCK_SKEW));
    }

    private void adopt(OutboundBatch.Item item, Found account) {
        PendingContact c = item.contact;
        OwnAccountSent sent = c.ownAccountSent();
        long companyId = companies.insertStandalone(sent.name(), sent.website(), account.id());
        outbox.linkOwnAccount(c.id(), companyId, account.id());
        item.accountId = account.id();
        item.companyId = companyId;
        activity.record(Activity.outbound(SyncedObject.ACCOUNT, account.id(), c.id(), Outcome.APPLIED,
                "ADOPT_ACCOUNT", "RECONCILED", SyncedObject.ACCOUNT + " " + account.id() + " " + sent.name()
                        + " found in Salesforce (the contact's own Account, created by an earlier attempt whose answer"
                        + " was lost): ids adopted by reconciliation, not created again")
                .withContact(c.id(), companyId));
        LOG.info("Contact {}: own Account {} adopted by reconciliation", c.id(), account.id());
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, SF_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
