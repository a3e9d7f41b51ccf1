package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.salesforce.SyncedObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The initial import against the emulated org, through the real camel-salesforce client. */
class InitialImportTest extends InboundTestSupport {

    private static final String API = "/api/sync/initial-import";
    private static final Duration IMPORT_WAIT = Duration.ofMinutes(3);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    SalesforceReader reader;

    @Test
    void imports_what_existed_before_with_the_product_rules_pages_of_2000_and_a_second_run_changes_nothing()
            throws Exception {
        String domain = "import-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        toggles(false, false, false); // everything below is committed while paused: CDC skips it
        String accountId = org().create("Account", Map.of("Name", "Imported Inc", "Website", "https://www." + domain));
        String contactEmail = "grace@" + domain;
        String contactId = org().create("Contact", Map.of("LastName", "Hopper", "Email", contactEmail,
                "AccountId", accountId));
        String noEmailLead = org().create("Lead", Map.of("LastName", "Nomail", "Company", "X"));
        String convertedEmail = "converted@" + domain;
        String convertedLead = org().create("Lead", lead(convertedEmail));
        var conversion = org().convertLead(convertedLead, null, null, "Closed - Converted");
        List<String> bulk = new ArrayList<>();
        org().inTransaction("", tx -> {
            for (int i = 0; i < 2_100; i++) {
                Map<String, Object> f = new HashMap<>(lead("bulk" + i + "@" + domain));
                f.put("LastName", "Bulk " + i);
                bulk.add(tx.insert("Lead", f));
            }
            return null;
        });
        awaitActivity(bulk.get(bulk.size() - 1), "OBJECT_PAUSED");
        awaitQuiet();
        assertThat(contacts.findByEmail(bulk.get(0).isEmpty() ? "" : "bulk0@" + domain)).isEmpty();
        toggles(true, true, true);
        listenToTriggers();

        // Hold the first SOQL call for a moment so that the concurrent start below meets a running import.
        SALESFORCE.faults().slow(1, 700);
        long queriesBefore = queryCalls();
        ResponseEntity<JsonNode> started = post(null);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String id = started.getBody().path("id").asText();
        assertThat(started.getHeaders().getLocation()).hasToString(API + "/" + id);
        assertThat(post("{\"objects\":[\"Lead\"]}").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        JsonNode first = awaitFinished(id);
        long queries = queryCalls() - queriesBefore;

        assertThat(first.path("state").asText()).isEqualTo("DONE");
        JsonNode leads = object(first, "Lead");
        long leadTotal = leads.path("totalSize").asLong();
        assertThat(leadTotal).isGreaterThanOrEqualTo(2_103);
        assertThat(leads.path("read").asLong()).isEqualTo(leadTotal);
        assertThat(leads.path("pages").asLong()).isEqualTo((leadTotal + 1_999) / 2_000);
        long pages = 0;
        for (JsonNode o : first.path("objects")) {
            pages += o.path("pages").asLong();
        }
        assertThat(queries).isEqualTo(pages); // one API call per page of 2,000
        assertThat(leads.path("skipped").path("NO_EMAIL").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(leads.path("skipped").path("CONVERTED_LEAD").asLong()).isGreaterThanOrEqualTo(1);

        // Every bulk Lead arrived, with an IMPORTED activity row and no workflow trigger.
        assertThat(jdbc.sql("select count(*) from contact where email like :d").param("d", "%@" + domain)
                .query(Long.class).single()).isEqualTo(2_102); // 2,100 Leads, the Contact, the converted Lead's Contact
        Activity imported = activities(bulk.get(7)).get(0);
        assertThat(imported.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(imported.action()).isEqualTo("IMPORTED");
        assertThat(imported.replayId()).isNull();
        // The Contact belongs to its Account's company, found by the Account's domain.
        Contact grace = contacts.findByEmail(contactEmail).orElseThrow();
        assertThat(grace.sfContactId()).isEqualTo(contactId);
        assertThat(company(grace.companyId()).sfAccountId()).isEqualTo(accountId);
        assertThat(company(grace.companyId()).domain()).isEqualTo(domain);
        assertThat(company(grace.companyId()).name()).isEqualTo("Imported Inc");
        // No email, no sync; a converted Lead hands over to its Contact.
        assertThat(count(noEmailLead, "NO_EMAIL")).isEqualTo(1);
        assertThat(count(convertedLead, "CONVERTED_LEAD")).isEqualTo(1);
        Contact converted = contacts.findByEmail(convertedEmail).orElseThrow();
        assertThat(converted.sfContactId()).isEqualTo(conversion.contactId());
        assertThat(converted.sfLeadId()).isNull();
        assertThat(triggers(bulk.get(7))).isEmpty();
        assertThat(triggers(contactId)).isEmpty();
        assertThat(triggers(accountId)).isEmpty();

        // Again: nothing applied, nothing logged for these records.
        long rowsBefore = activityRows(domain, List.of(accountId, contactId, noEmailLead, convertedLead));
        ResponseEntity<JsonNode> again = post("{\"objects\":[\"Lead\",\"Contact\",\"Account\"]}");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode second = awaitFinished(again.getBody().path("id").asText());
        assertThat(second.path("state").asText()).isEqualTo("DONE");
        for (JsonNode o : second.path("objects")) {
            assertThat(o.path("applied").asLong()).as(o.toString()).isZero();
        }
        assertThat(object(second, "Lead").path("skipped").path("UP_TO_DATE").asLong()).isGreaterThanOrEqualTo(2_102);
        assertThat(activityRows(domain, List.of(accountId, contactId, noEmailLead, convertedLead)))
                .isEqualTo(rowsBefore);
        assertThat(rest.withBasicAuth("admin", ADMIN_PASSWORD).getForEntity(API, JsonNode.class).getBody()
                .path("id").asText()).isEqualTo(again.getBody().path("id").asText());
    }

    @Test
    void a_record_changed_by_a_change_event_after_the_import_read_it_keeps_the_newer_change() throws Exception {
        String email = email("import-race");
        String leadId = org().create("Lead", lead(email));
        long id = awaitContact(email).id();
        // The import reads the Lead (one page) ...
        Map<String, Object> readByImport = reader.byIds(SyncedObject.LEAD, List.of(leadId)).get(leadId);
        Thread.sleep(5);
        // ... then a change event applies a newer version before the import's page reaches the writer.
        org().update("Lead", leadId, Map.of("Title", "Newer"));
        await().atMost(WAIT).until(() -> "Newer".equals(contacts.findById(id).get().title()));
        Map<String, Object> older = new HashMap<>(readByImport);
        older.put("LastName", "Older");

        var page = writer.submitImport(SyncedObject.LEAD, List.of(older));
        assertThat(page.done.get()).containsExactly(Map.entry("UP_TO_DATE", 1L));
        Contact c = contacts.findById(id).orElseThrow();
        assertThat(c.title()).isEqualTo("Newer");
        assertThat(c.lastName()).isEqualTo("Lovelace");
        assertThat(count(leadId, "IMPORTED")).isZero();
    }

    @Test
    void an_object_whose_toggle_is_off_is_not_imported() {
        toggles(true, true, false);
        String accountId = org().create("Account", Map.of("Name", "Paused Co " + UUID.randomUUID()));
        awaitActivity(accountId, "OBJECT_PAUSED");

        ResponseEntity<JsonNode> started = post("{\"objects\":[\"Account\"]}");
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode run = awaitFinished(started.getBody().path("id").asText());
        assertThat(object(run, "Account").path("state").asText()).isEqualTo("SKIPPED");
        assertThat(object(run, "Account").path("pages").asLong()).isZero();
        assertThat(companies.findBySfAccountId(accountId)).isEmpty();
    }

    @Test
    void the_api_needs_authentication_and_known_objects() {
        assertThat(rest.postForEntity(API, null, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity(API, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(post("{\"objects\":[\"Opportunity\"]}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(rest.withBasicAuth("admin", ADMIN_PASSWORD).getForEntity(API + "/nope", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    // ---- helpers ----

    private ResponseEntity<JsonNode> post(String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth("admin", ADMIN_PASSWORD).postForEntity(API, new HttpEntity<>(body, h),
                JsonNode.class);
    }

    private JsonNode awaitFinished(String id) {
        // An import reads every record the shared test org holds (thousands by the time this runs): minutes, not seconds.
        return await().atMost(IMPORT_WAIT).pollInterval(Duration.ofMillis(200)).until(
                () -> rest.withBasicAuth("admin", ADMIN_PASSWORD).getForEntity(API + "/" + id, JsonNode.class)
                        .getBody(),
                run -> !"RUNNING".equals(run.path("state").asText()));
    }

    private static JsonNode object(JsonNode run, String object) {
        for (JsonNode o : run.path("objects")) {
            if (object.equals(o.path("object").asText())) {
                return o;
            }
        }
        throw new AssertionError(object + " not in " + run);
    }

    private static long queryCalls() {
        return SALESFORCE.usage().count("query") + SALESFORCE.usage().count("queryMore");
    }

    private long activityRows(String domain, List<String> ids) {
        return jdbc.sql("select count(*) from sync_activity a where a.sf_id in (:ids) or a.contact_id in "
                + "(select id from contact where email like :d)").param("ids", ids).param("d", "%@" + domain)
                .query(Long.class).single();
    }
}
