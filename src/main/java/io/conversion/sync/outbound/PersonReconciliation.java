package io.conversion.sync.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.salesforce.Soql;
import io.conversion.sync.salesforce.SoqlChunks;
import io.conversion.sync.salesforce.SyncedObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a retried batch idempotent. A contact whose Lead/Contact was sent by an earlier attempt without the answer
 * being recorded (timeout, 503 after the commit, lost connection, crash, retries exhausted then "sync now") may
 * already exist in Salesforce: before creating it again, the batch looks such contacts up by email, one SOQL per
 * object type (chunked to stay well under the URL limit), and adopts the records it finds. Contacts sent for the
 * first time cost no query, so the happy path keeps its call count.
 */
@Component("personReconciliation")
public class PersonReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(PersonReconciliation.class);

    /** URL-encoded length of the email literals of one query (Salesforce accepts URIs of about 16 KB). */
    /** Records created this long before the first send still count (clock skew between us and Salesforce). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

    private final ContactOutbox outbox;
    private final CompanyRepository companies;
    private final ActivityLog activity;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    PersonReconciliation(ContactOutbox outbox, CompanyRepository companies, ActivityLog activity,
            TransactionTemplate tx, ObjectMapper json) {
        this.outbox = outbox;
        this.companies = companies;
        this.activity = activity;
        this.tx = tx;
        this.json = json;
    }

    /** The reconciliation queries this attempt needs: none unless an earlier attempt left contacts unsettled. */
    public List<String> queries(OutboundBatch batch) {
        List<String> queries = new ArrayList<>();
        queries.addAll(queries(batch, SyncedObject.LEAD));
        queries.addAll(queries(batch, SyncedObject.CONTACT));
        if (!queries.isEmpty()) {
            LOG.info("{}: reconciling {} contacts sent by an earlier attempt ({} queries)", batch,
                    batch.items.stream().filter(i -> i.open() && i.unsettled()).count(), queries.size());
        }
        return queries;
    }

    private static List<String> queries(OutboundBatch batch, SyncedObject object) {
        boolean asContact = object == SyncedObject.CONTACT;
        List<OutboundBatch.Item> items = batch.items.stream()
                .filter(i -> i.open() && i.unsettled() && i.object() == object).toList();
        if (items.isEmpty()) {
            return List.of();
        }
        Instant since = items.stream().map(i -> i.contact.sentAt()).min(Comparator.naturalOrder()).orElseThrow()
                .minus(CLOCK_SKEW).truncatedTo(ChronoUnit.SECONDS);
        String head = "SELECT Id, Email" + (asContact ? ", AccountId" : "") + " FROM " + object.sfName()
                + " WHERE Email IN (";
        String tail = ") AND CreatedDate >= " + DateTimeFormatter.ISO_INSTANT.format(since) + " ORDER BY CreatedDate, Id";
        List<String> literals = items.stream().map(i -> i.contact.email()).distinct().map(Soql::literal).toList();
        return SoqlChunks.of(head, literals, ", ", tail, SoqlChunks.GET_BUDGET);
    }

    /** Adopts the records of one reconciliation query result ({@code rawPayload} JSON); the oldest one wins. */
    public void apply(OutboundBatch batch, String queryResult) throws IOException {
        JsonNode records = json.readTree(queryResult).path("records");
        long before = batch.items.stream().filter(i -> i.adopted).count();
        tx.executeWithoutResult(s -> {
            for (JsonNode r : records) {
                String type = r.path("attributes").path("type").asText("");
                String id = r.path("Id").asText(null);
                String email = r.path("Email").asText(null);
                if (id == null || email == null) {
                    continue;
                }
                SyncedObject object = SyncedObject.ofName(type).orElse(null);
                boolean contact = object == SyncedObject.CONTACT;
                batch.items.stream()
                        .filter(i -> i.open() && i.unsettled() && i.asContact() == contact
                                && i.contact.email().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT)))
                        .findFirst()
                        .ifPresent(i -> adopt(batch, i, id, contact ? r.path("AccountId").asText(null) : null));
            }
        });
        // One line per query answer (each contact's adoption is in the activity log, and at DEBUG here).
        LOG.info("{}: {} contacts found in Salesforce and adopted by reconciliation, not created again", batch,
                batch.items.stream().filter(i -> i.adopted).count() - before);
    }

    private void adopt(OutboundBatch batch, OutboundBatch.Item item, String sfId, String accountId) {
        PendingContact c = item.contact;
        Long companyId;
        if (item.asContact()) {
            companyId = accountId == null ? null : companyOf(item, accountId);
            outbox.synced(c.id(), companyId, null, sfId, accountId);
        } else {
            companyId = companies.insertStandalone(PersonCreation.leadCompany(item), item.domain, null);
            outbox.synced(c.id(), companyId, sfId, null, null);
        }
        item.adopted = true;
        item.accountId = accountId;
        item.companyId = companyId;
        SyncedObject object = item.object();
        // In the batch's entry (written IN_PROGRESS at its claim): the retried batch shows what it adopted.
        batch.batchId = activity.recordBatch(Activity.Direction.OUTBOUND, "CREATE", batch.batchId, batch.startedAt,
                List.of(Activity.outbound(object, sfId, c.id(), Outcome.APPLIED, "ADOPT_" + object.name(),
                "RECONCILED", object + " " + sfId + " found in Salesforce by email (created by an earlier attempt whose"
                        + " answer was lost): ids adopted by reconciliation, not created again"
                        + (accountId != null ? "; under " + SyncedObject.ACCOUNT + " " + accountId : ""))
                .withContact(c.id(), companyId)));
        LOG.debug("Contact {}: {} {} adopted by reconciliation", c.id(), object, sfId);
    }

    /** The company of the Account the found Contact is under, recorded in Conversion if it was not yet. */
    private Long companyOf(OutboundBatch.Item item, String accountId) {
        var known = companies.findBySfAccountId(accountId);
        if (known.isPresent()) {
            return known.get().id();
        }
        PendingContact c = item.contact;
        if (c.linkByDomain() && item.companyDomain()) {
            // The domain's Account, created by the same lost attempt.
            return companies.linkDomainToAccount(item.domain, Objects.requireNonNullElse(c.companyName(), item.domain),
                    accountId).id();
        }
        if (c.companyId() != null && accountId.equals(c.sfAccountId())) {
            return c.companyId();
        }
        // Its own Account, created by the same lost attempt.
        long companyId = companies.insertStandalone(
                Objects.requireNonNullElse(c.companyName(), Objects.requireNonNullElse(item.domain, c.email())),
                item.companyDomain() ? item.domain : null, accountId);
        outbox.linkOwnAccount(c.id(), companyId, accountId);
        return companyId;
    }
}
