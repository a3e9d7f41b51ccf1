package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapRestored;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The merge rules called directly (no route, no CometD) against the real database: which values the surviving
 * contact keeps by sync mode, one hop from any merged contact to its survivor, and an Account merge handing the
 * domain to the winner's company.
 */
@ExtendWith(FieldMapRestored.class)
class MergeRulesTest extends SyncTestSupport {

    private static final AtomicLong REPLAY = new AtomicLong(2_000_000);

    @Autowired
    InboundApplier applier;
    @Autowired
    FieldStateRepository fieldStates;
    @Autowired
    InboundRecordRepository records;
    @Autowired
    ContactRepository contacts;
    @Autowired
    CompanyRepository companies;
    @Autowired
    ActivityLog activityLog;
    @Autowired
    FieldMap fieldMap;
    @Autowired
    TransactionTemplate tx;

    @Test
    void the_surviving_contact_keeps_or_takes_each_value_as_its_mode_says() {
        fieldMap.put(new FieldMapping(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_SALESFORCE), "test");
        fieldMap.put(new FieldMapping(SyncedObject.LEAD, "Phone", "phone", SyncMode.TWO_WAY), "test");
        String winnerId = sfId("00Q");
        String loserId = sfId("00Q");
        long winner = create(winnerId, 1_000, Map.of("Title", "Winner title", "Phone", "111"));
        long loser = create(loserId, 2_000, Map.of("Title", "Loser title", "Phone", "222", "FirstName", "Lou"));

        BatchResults out = merge(SyncedObject.LEAD, loserId, winnerId, 3_000);

        Contact survivor = contacts.findById(winner).orElseThrow();
        assertThat(survivor.title()).as("ALWAYS_SALESFORCE: the winner's").isEqualTo("Winner title");
        assertThat(survivor.phone()).as("TWO_WAY: the more recently changed").isEqualTo("222");
        assertThat(survivor.firstName()).as("prefer Salesforce unless empty: fills the gap").isEqualTo("Lou");
        assertThat(survivor.sfLeadId()).isEqualTo(winnerId);
        assertThat(contacts.findById(loser).orElseThrow().syncStatus()).isEqualTo(SyncStatus.MERGED);
        assertThat(out.activities).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("MERGED");
            assertThat(a.message()).contains("values taken from it: ").contains("phone").contains("firstName")
                    .doesNotContain("title");
        });
        assertThat(out.triggers).singleElement().satisfies(t -> {
            assertThat(t.changeType()).isEqualTo("MERGED");
            assertThat(t.conversionId()).isEqualTo(winner);
            assertThat(t.mergedConversionId()).isEqualTo(loser);
            assertThat(t.masterRecordId()).isEqualTo(winnerId);
        });
    }

    @Test
    void a_contact_merged_into_one_that_is_merged_later_resolves_to_the_last_survivor_in_one_hop() {
        String a = sfId("00Q");
        String b = sfId("00Q");
        String c = sfId("00Q");
        long contactA = create(a, 1_000, Map.of());
        long contactB = create(b, 1_000, Map.of());
        long contactC = create(c, 1_000, Map.of());

        merge(SyncedObject.LEAD, a, b, 2_000);
        merge(SyncedObject.LEAD, b, c, 3_000);

        assertThat(contacts.mergedInto(contactA)).contains(contactC);
        assertThat(contacts.mergedInto(contactB)).contains(contactC);
        assertThat(contacts.mergedFrom(contactC)).containsExactly(contactA, contactB);
        List<Activity> history = activityLog.find(new ActivityQuery(null, null, null, contactC, null, 50));
        assertThat(history).extracting(Activity::sfId).contains(a, b, c);
    }

    @Test
    void an_account_merge_gives_the_winners_company_the_domain_the_losers_company_owned() {
        String domain = "merge-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String loserId = sfId("001");
        String winnerId = sfId("001");
        apply(event(SyncedObject.ACCOUNT, ChangeType.CREATE, loserId, 1_000,
                Map.of("Name", "Old Name", "Website", "https://" + domain)), Map.of());
        apply(event(SyncedObject.ACCOUNT, ChangeType.CREATE, winnerId, 1_000,
                Map.of("Name", "New Name", "Website", "https://www." + domain)), Map.of());
        Company loser = companies.findBySfAccountId(loserId).orElseThrow();
        Company winner = companies.findBySfAccountId(winnerId).orElseThrow();
        assertThat(companies.findByDomain(domain).orElseThrow().id()).isEqualTo(loser.id());

        merge(SyncedObject.ACCOUNT, loserId, winnerId, 2_000);

        assertThat(companies.findByDomain(domain).orElseThrow().id()).isEqualTo(winner.id());
        assertThat(companies.mergedInto(loser.id())).contains(winner.id());
        assertThat(companies.findById(winner.id()).orElseThrow().name()).isEqualTo("New Name");
    }

    @Test
    void a_merge_whose_loser_conversion_does_not_hold_is_an_ordinary_delete() {
        BatchResults out = merge(SyncedObject.LEAD, sfId("00Q"), sfId("00Q"), 1_000);
        assertThat(out.activities).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo("NOT_LINKED"));
        assertThat(out.triggers).isEmpty();
    }

    // ---- helpers ----

    private long create(String leadId, long ts, Map<String, Object> fields) {
        Map<String, Object> f = new HashMap<>(fields);
        f.put("Email", "merge-" + UUID.randomUUID().toString().substring(0, 8) + "@rules.example");
        f.put("LastName", "Merge");
        f.put("Company", "Co");
        BatchResults out = apply(event(SyncedObject.LEAD, ChangeType.CREATE, leadId, ts, f), Map.of());
        return out.activities.get(0).contactId();
    }

    private BatchResults merge(SyncedObject object, String loserId, String winnerId, long ts) {
        return apply(event(object, ChangeType.DELETE, loserId, ts, Map.of()), Map.of(loserId, winnerId));
    }

    private BatchResults apply(ChangeEvent e, Map<String, String> masters) {
        BatchResults out = new BatchResults(new FieldStateBatch(fieldStates), new InboundRecordBatch(records));
        tx.executeWithoutResult(s -> {
            applier.apply(e, InboundDecision.APPLY, new Rereads(Set.of(), Map.of(), masters), out);
            out.flush();
            activityLog.recordAll(out.activities);
        });
        return out;
    }

    private static ChangeEvent event(SyncedObject object, ChangeType type, String id, long ts,
            Map<String, Object> fields) {
        return new ChangeEvent(object.channel(), REPLAY.incrementAndGet(), object, type, List.of(id),
                "com/salesforce/api/rest/56.0;client=someone-else", ts, 1, "tx", 1, List.of(),
                new HashMap<>(fields));
    }

    private static String sfId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
    }
}
