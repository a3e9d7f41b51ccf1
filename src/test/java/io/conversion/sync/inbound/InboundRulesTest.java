package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-object rules called directly (no Camel route, no CometD), each branch against the real database: what a
 * change does to Conversion's rows, the record state it leaves and the activity row and trigger it produces.
 */
class InboundRulesTest extends SyncTestSupport {

    private static final AtomicLong REPLAY = new AtomicLong(1_000_000);

    @Autowired
    io.conversion.sync.fields.FieldStateRepository fieldStates;
    @Autowired
    InboundApplier applier;
    @Autowired
    InboundRecordRepository records;
    @Autowired
    ContactRepository contacts;
    @Autowired
    CompanyRepository companies;
    @Autowired
    TransactionTemplate tx;

    @Test
    void a_lead_without_email_is_skipped_and_remembered_as_no_email() {
        String id = sfId("00Q");
        BatchResults out = apply(event(SyncedObject.LEAD, ChangeType.CREATE, id, 1_000, Map.of("LastName", "Nomail")));
        assertThat(only(out).reason()).isEqualTo("NO_EMAIL");
        assertThat(records.find(id).orElseThrow().state()).isEqualTo(State.NO_EMAIL);
        assertThat(out.triggers).isEmpty();
    }

    @Test
    void a_lead_creates_a_contact_with_the_mapped_fields_and_a_trigger() {
        String id = sfId("00Q");
        String email = email();
        BatchResults out = apply(event(SyncedObject.LEAD, ChangeType.CREATE, id, 1_000,
                Map.of("Email", " " + email + " ", "LastName", "Ada", "Company", "Engines", "Title", "  ")));
        Contact c = contacts.findByEmail(email).orElseThrow();
        assertThat(c.sfLeadId()).isEqualTo(id);
        assertThat(c.lastName()).isEqualTo("Ada");
        assertThat(c.companyName()).isEqualTo("Engines");
        assertThat(c.title()).isNull();
        assertThat(c.source()).isEqualTo("SALESFORCE");
        assertThat(only(out).action()).isEqualTo("CREATED");
        WorkflowTrigger t = out.triggers.get(0);
        assertThat(t.object()).isEqualTo("Lead");
        assertThat(t.conversionType()).isEqualTo("contact");
        assertThat(t.conversionId()).isEqualTo(c.id());
        assertThat(t.changeType()).isEqualTo("CREATE");
        assertThat(t.changedFields()).containsExactlyInAnyOrder("Email", "LastName", "Company", "Title");
    }

    @Test
    void an_email_linked_to_another_lead_is_not_taken_over() {
        String email = email();
        apply(event(SyncedObject.LEAD, ChangeType.CREATE, sfId("00Q"), 1_000, Map.of("Email", email)));
        String second = sfId("00Q");
        BatchResults out = apply(event(SyncedObject.LEAD, ChangeType.CREATE, second, 1_000, Map.of("Email", email)));
        assertThat(only(out).reason()).isEqualTo("DUPLICATE_EMAIL");
        assertThat(records.find(second).orElseThrow().state()).isEqualTo(State.UNLINKED);
    }

    @Test
    void an_older_change_than_the_one_applied_is_stale() {
        String id = sfId("00Q");
        String email = email();
        apply(event(SyncedObject.LEAD, ChangeType.CREATE, id, 2_000, Map.of("Email", email, "Title", "New")));
        BatchResults out = apply(event(SyncedObject.LEAD, ChangeType.UPDATE, id, 1_000, Map.of("Title", "Old")));
        assertThat(only(out).reason()).isEqualTo("STALE");
        assertThat(contacts.findByEmail(email).orElseThrow().title()).isEqualTo("New");
    }

    @Test
    void a_converted_lead_hands_its_contact_over_and_is_skipped_from_then_on() {
        String lead = sfId("00Q");
        String contact = sfId("003");
        String email = email();
        long id = contactOf(apply(event(SyncedObject.LEAD, ChangeType.CREATE, lead, 1_000, Map.of("Email", email))));
        BatchResults out = apply(event(SyncedObject.LEAD, ChangeType.UPDATE, lead, 2_000,
                Map.of("IsConverted", true, "ConvertedContactId", contact)));
        assertThat(out.activities).extracting(Activity::action, Activity::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("RELINKED", null),
                        org.assertj.core.groups.Tuple.tuple(null, "CONVERTED_LEAD"));
        assertThat(contacts.findById(id).orElseThrow().sfContactId()).isEqualTo(contact);
        assertThat(records.find(contact).orElseThrow().state()).isEqualTo(State.LINKED);
        assertThat(records.find(lead).orElseThrow().state()).isEqualTo(State.CONVERTED);

        assertThat(only(apply(event(SyncedObject.LEAD, ChangeType.UPDATE, lead, 3_000, Map.of("Title", "X"))))
                .reason()).isEqualTo("CONVERTED_LEAD");
        assertThat(only(apply(event(SyncedObject.LEAD, ChangeType.DELETE, lead, 4_000, Map.of()))).reason())
                .isEqualTo("CONVERTED_LEAD");
    }

    @Test
    void a_contact_belongs_to_its_accounts_company_a_placeholder_until_the_account_arrives() {
        String account = sfId("001");
        String email = email();
        long id = contactOf(apply(event(SyncedObject.CONTACT, ChangeType.CREATE, sfId("003"), 1_000,
                Map.of("Email", email, "AccountId", account))));
        Contact c = contacts.findById(id).orElseThrow();
        Company placeholder = companies.findById(c.companyId()).orElseThrow();
        assertThat(placeholder.sfAccountId()).isEqualTo(account);
        assertThat(placeholder.name()).isNull();
        assertThat(c.sfAccountId()).isEqualTo(account);

        String domain = UUID.randomUUID().toString().substring(0, 8) + ".example";
        BatchResults out = apply(event(SyncedObject.ACCOUNT, ChangeType.CREATE, account, 2_000,
                Map.of("Name", "Acme", "Website", "https://www." + domain + "/about")));
        Company named = companies.findById(placeholder.id()).orElseThrow();
        assertThat(named.name()).isEqualTo("Acme");
        assertThat(named.domain()).isEqualTo(domain);
        assertThat(out.triggers.get(0).conversionType()).isEqualTo("company");
        assertThat(out.triggers.get(0).conversionId()).isEqualTo(placeholder.id());
    }

    @Test
    void an_account_whose_domain_another_company_owns_keeps_it_as_information_only() {
        String domain = UUID.randomUUID().toString().substring(0, 8) + ".example";
        apply(event(SyncedObject.ACCOUNT, ChangeType.CREATE, sfId("001"), 1_000,
                Map.of("Name", "First", "Website", domain)));
        BatchResults out = apply(event(SyncedObject.ACCOUNT, ChangeType.CREATE, sfId("001"), 1_000,
                Map.of("Name", "Second", "Website", "www." + domain)));
        Activity a = only(out);
        assertThat(a.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(a.reason()).isEqualTo("DOMAIN_TAKEN");
        assertThat(a.message()).contains("Domain " + domain + " already belongs to company");
        Company second = companies.findById(a.companyId()).orElseThrow();
        assertThat(second.name()).isEqualTo("Second");
        assertThat(second.domain()).isEqualTo(domain);
        assertThat(companies.findByDomain(domain).orElseThrow().name()).isEqualTo("First");
    }

    @Test
    void a_deleted_contact_keeps_its_conversion_row_and_an_undelete_links_it_again() {
        String id = sfId("003");
        String email = email();
        long contactId = contactOf(apply(event(SyncedObject.CONTACT, ChangeType.CREATE, id, 1_000,
                Map.of("Email", email))));
        assertThat(only(apply(event(SyncedObject.CONTACT, ChangeType.DELETE, id, 2_000, Map.of()))).action())
                .isEqualTo("DELETED");
        assertThat(contacts.findById(contactId).orElseThrow().sfContactId()).isNull();
        BatchResults out = apply(event(SyncedObject.CONTACT, ChangeType.UNDELETE, id, 3_000, Map.of("LastName", "B")));
        assertThat(only(out).action()).isEqualTo("UNDELETED");
        assertThat(out.triggers.get(0).changeType()).isEqualTo("UNDELETE");
        assertThat(contacts.findById(contactId).orElseThrow().sfContactId()).isEqualTo(id);
        assertThat(only(apply(event(SyncedObject.ACCOUNT, ChangeType.DELETE, sfId("001"), 4_000, Map.of())))
                .reason()).isEqualTo("NOT_LINKED");
    }

    // ---- helpers ----

    private BatchResults apply(ChangeEvent e) {
        BatchResults out = new BatchResults(new FieldStateBatch(fieldStates), new InboundRecordBatch(records));
        tx.executeWithoutResult(s -> {
            applier.apply(e, InboundDecision.APPLY, Rereads.none(), out);
            out.flush();
        });
        return out;
    }

    private static ChangeEvent event(SyncedObject object, ChangeType type, String id, long ts,
            Map<String, Object> fields) {
        return new ChangeEvent(object.channel(), REPLAY.incrementAndGet(), object, type, List.of(id),
                "com/salesforce/api/rest/56.0;client=someone-else", ts, 1, "tx", 1, List.of(),
                new HashMap<>(fields));
    }

    private static Activity only(BatchResults out) {
        assertThat(out.activities).hasSize(1);
        return out.activities.get(0);
    }

    private static long contactOf(BatchResults out) {
        return out.activities.get(0).contactId();
    }

    private static String sfId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
    }

    private static String email() {
        return "rules-" + UUID.randomUUID().toString().substring(0, 8) + "@rules.example";
    }
}
