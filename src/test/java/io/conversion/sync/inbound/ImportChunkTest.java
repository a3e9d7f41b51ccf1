package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One initial-import chunk through the real batch writer: the records new to Conversion are created together (one
 * batched insert), the others by the rules one by one, with the same outcomes as record by record; a record whose
 * email or id another record of the chunk (or Conversion) already has is never created twice.
 */
class ImportChunkTest extends InboundTestSupport {

    private static final String MODSTAMP = "2026-11-01T10:00:00.000Z";

    @Test
    void a_chunk_creates_new_leads_together_and_applies_the_others_by_the_rules() throws Exception {
        String domain = domain();
        Contact existing = contacts.insert(Contact.builder().email("known@" + domain).lastName("Known")
                .source("FORM").syncStatus(Contact.SyncStatus.SKIPPED).build()); // stays local: no outbound sync
        List<Map<String, Object>> chunk = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> lead = lead("new" + i + "@" + domain, "New " + i);
            fresh.add((String) lead.get("Id"));
            chunk.add(lead);
        }
        Map<String, Object> twinA = lead("twin@" + domain, "Twin A");
        Map<String, Object> twinB = lead("TWIN@" + domain, "Twin B");
        Map<String, Object> known = lead("known@" + domain, "Known in Salesforce");
        Map<String, Object> noEmail = lead(null, "Nomail");
        Map<String, Object> converted = lead("converted@" + domain, "Converted");
        converted.put("IsConverted", true);
        chunk.addAll(List.of(twinA, twinB, known, noEmail, converted));

        Map<String, Long> outcomes = apply(SyncedObject.LEAD, chunk);

        assertThat(outcomes).containsEntry("IMPORTED", 7L).containsEntry("DUPLICATE_EMAIL", 1L)
                .containsEntry("NO_EMAIL", 1L).containsEntry("CONVERTED_LEAD", 1L);
        for (int i = 0; i < 5; i++) {
            Contact c = contacts.findByEmail("new" + i + "@" + domain).orElseThrow();
            assertThat(c.lastName()).isEqualTo("New " + i);
            assertThat(c.sfLeadId()).isEqualTo(fresh.get(i));
            assertThat(c.syncStatus()).isEqualTo(Contact.SyncStatus.SYNCED);
            assertThat(only(fresh.get(i)).message()).startsWith("Initial import: CREATED");
            assertThat(fieldStates(c.id())).isEqualTo(6); // every mapped field the record carries
        }
        // The first twin creates the contact, the second finds its email taken.
        assertThat(contacts.findByEmail("twin@" + domain).orElseThrow().sfLeadId()).isEqualTo(twinA.get("Id"));
        assertThat(only((String) twinB.get("Id")).reason()).isEqualTo("DUPLICATE_EMAIL");
        // A Conversion contact with the email is linked, not duplicated.
        Contact linked = contacts.findById(existing.id()).orElseThrow();
        assertThat(linked.sfLeadId()).isEqualTo(known.get("Id"));
        assertThat(linked.syncStatus()).isEqualTo(Contact.SyncStatus.SYNCED);
        assertThat(activities((String) known.get("Id"))).extracting(Activity::action).contains("IMPORTED");
        assertThat(jdbc.sql("select state from inbound_record where sf_id = :id").param("id", noEmail.get("Id"))
                .query(String.class).single()).isEqualTo("NO_EMAIL");

        // The same chunk again: nothing new, nothing logged.
        int rows = activityRows(domain);
        assertThat(apply(SyncedObject.LEAD, chunk)).containsOnlyKeys("UP_TO_DATE").containsEntry("UP_TO_DATE", 10L);
        assertThat(activityRows(domain)).isEqualTo(rows);
    }

    @Test
    void contacts_of_an_account_not_imported_yet_share_one_placeholder_company() throws Exception {
        String domain = domain();
        String accountId = "001" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        Map<String, Object> a = contact("a@" + domain, accountId);
        Map<String, Object> b = contact("b@" + domain, accountId);

        assertThat(apply(SyncedObject.CONTACT, List.of(a, b))).containsEntry("IMPORTED", 2L);

        Long company = contacts.findByEmail("a@" + domain).orElseThrow().companyId();
        assertThat(company).isNotNull();
        assertThat(contacts.findByEmail("b@" + domain).orElseThrow().companyId()).isEqualTo(company);
        assertThat(companies.findBySfAccountId(accountId).orElseThrow().id()).isEqualTo(company);
    }

    @Test
    void an_imported_account_takes_the_contacts_that_carry_its_id_without_a_company() throws Exception {
        String domain = domain();
        String carried = "001" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        String alone = "001" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        // Arrived while Accounts did not sync: the Account's id, no company.
        Contact waiting = contacts.insert(Contact.builder().email("waiting@" + domain).lastName("Waiting")
                .source("FORM").syncStatus(Contact.SyncStatus.SKIPPED).sfAccountId(carried).build());
        assertThat(waiting.companyId()).isNull();

        assertThat(apply(SyncedObject.ACCOUNT, List.of(account(carried, "Carried Inc", "www.carried-" + domain),
                account(alone, "Alone Inc", "www.alone-" + domain)))).containsEntry("IMPORTED", 2L);

        long company = companies.findBySfAccountId(carried).orElseThrow().id();
        assertThat(contacts.findById(waiting.id()).orElseThrow().companyId()).isEqualTo(company);
        assertThat(companies.findBySfAccountId(alone)).isPresent();
    }

    // ---- helpers ----

    private Map<String, Long> apply(SyncedObject object, List<Map<String, Object>> records) throws Exception {
        ImportPage page = writer.submitImport(object, records);
        return page.done.get(1, TimeUnit.MINUTES);
    }

    private static Map<String, Object> lead(String email, String lastName) {
        Map<String, Object> r = new HashMap<>();
        r.put("Id", "00Q" + UUID.randomUUID().toString().replace("-", "").substring(0, 15));
        r.put("Email", email);
        r.put("FirstName", "Ada");
        r.put("LastName", lastName);
        r.put("Title", "CTO");
        r.put("Phone", null);
        r.put("Company", "Chunk Inc");
        r.put("IsConverted", false);
        r.put("ConvertedContactId", null);
        r.put("SystemModstamp", MODSTAMP);
        return r;
    }

    private static Map<String, Object> contact(String email, String accountId) {
        Map<String, Object> r = new HashMap<>();
        r.put("Id", "003" + UUID.randomUUID().toString().replace("-", "").substring(0, 15));
        r.put("Email", email);
        r.put("LastName", "Contact");
        r.put("AccountId", accountId);
        r.put("SystemModstamp", MODSTAMP);
        return r;
    }

    private static Map<String, Object> account(String id, String name, String website) {
        Map<String, Object> r = new HashMap<>();
        r.put("Id", id);
        r.put("Name", name);
        r.put("Website", website);
        r.put("SystemModstamp", MODSTAMP);
        return r;
    }

    private Activity only(String sfId) {
        List<Activity> rows = activities(sfId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private long fieldStates(long contactId) {
        return jdbc.sql("select count(*) from field_state where target = 'CONTACT' and target_id = :id")
                .param("id", contactId).query(Long.class).single();
    }

    private int activityRows(String domain) {
        return jdbc.sql("select count(*) from sync_activity a join contact c on c.id = a.contact_id "
                + "where a.direction = 'INBOUND' and c.email like :d").param("d", "%@" + domain).query(Integer.class).single();
    }

    private static String domain() {
        return "chunk-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }
}
