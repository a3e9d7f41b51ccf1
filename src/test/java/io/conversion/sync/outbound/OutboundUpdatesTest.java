package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.TestBroker;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapRestored;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Outbound updates end to end: update messages (JMS, PATCH) → Conversion → outbox → sObject Collections updates in
 * the emulated org, through the real camel-salesforce client.
 */
@ExtendWith(FieldMapRestored.class)
class OutboundUpdatesTest extends OutboundTestSupport {

    static final String UPDATES = "conversion.contacts.updated";
    static final String COMPANY_UPDATES = "conversion.companies.updated";

    @Autowired
    FieldMap fieldMap;

    @Autowired
    FieldStateRepository fieldStates;

    @Autowired
    UpdateOutbox outbox;
    @Autowired
    org.apache.camel.CamelContext camelContext;

    @Autowired
    ContactIntake contactIntake;

    @Autowired
    ActivityLog activity;

    @Autowired
    JdbcClient jdbc;




    private void mode(SyncedObject object, String sfField, String conversionField, SyncMode mode) {
        fieldMap.put(new FieldMapping(object, sfField, conversionField, mode), "test");
    }

    /** A contact created as a Lead by the outbound sync, SYNCED. */
    private Contact syncedLead(String hint) throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String email = "jane@" + uniqueDomain(hint);
        publishJms(message(email, "Acme"));
        return awaitStatus(email, SyncStatus.SYNCED);
    }

    static void publishTo(String queue, List<String> bodies) throws Exception {
        try (var cf = TestBroker.producer(BROKER_PORT);
                var ctx = cf.createContext(jakarta.jms.Session.SESSION_TRANSACTED)) {
            var producer = ctx.createProducer();
            var q = ctx.createQueue(queue);
            for (String body : bodies) {
                producer.send(q, body);
            }
            ctx.commit();
        }
    }

    private void awaitLead(String leadId, String field, Object value) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> java.util.Objects.equals(sfRecord("Lead", leadId).get(field), value));
    }

    private ResponseEntity<String> patch(String path, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return admin().exchange(path, HttpMethod.PATCH, new HttpEntity<>(body, h), String.class);
    }

    private long queued(Target target, long id) {
        return jdbc.sql("select count(*) from outbound_update where target = :t and target_id = :id")
                .param("t", target.name()).param("id", id).query(Long.class).single();
    }

    // ---- Sending ----

    @Test
    void an_update_message_changes_the_contact_and_its_lead_with_clears_and_custom_fields() throws Exception {
        Contact c = syncedLead("upd");
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION);
        mode(SyncedObject.LEAD, "Phone", "phone", SyncMode.ALWAYS_CONVERSION);
        mode(SyncedObject.LEAD, "Score__c", "attributes.score", SyncMode.ALWAYS_CONVERSION);

        publishTo(UPDATES, List.of("{\"email\":\"" + c.email().toUpperCase() + "\",\"changes\":{\"title\":\"VP Sales\","
                + "\"phone\":null,\"attributes\":{\"score\":\"42\"}},\"changedAt\":\"2026-12-01T10:00:00Z\"}"));

        awaitLead(c.sfLeadId(), "Title", "VP Sales");
        Map<String, Object> lead = sfRecord("Lead", c.sfLeadId());
        assertThat(lead.get("Phone")).isNull();
        assertThat(String.valueOf(lead.get("Score__c"))).isEqualTo("42");
        Contact after = contacts.findById(c.id()).orElseThrow();
        assertThat(after.title()).isEqualTo("VP Sales");
        assertThat(after.phone()).isNull();
        assertThat(after.attributes()).containsEntry("score", "42");
        await().atMost(Duration.ofSeconds(10)).until(() -> queued(Target.CONTACT, c.id()) == 0);
        Map<String, FieldState> states = fieldStates.find(Target.CONTACT, c.id());
        long changedAt = java.time.Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        assertThat(states.get("title").conversionChangedAt()).isEqualTo(changedAt);
        assertThat(states.get("title").lastSource()).isEqualTo(FieldState.Source.CONVERSION);
        assertThat(states.get("title").sfValue()).isEqualTo("VP Sales");
        assertThat(states.get("phone").sfValue()).isNull();
        assertThat(states.get("attributes.score").sfValue()).isEqualTo("42");
    }

    @Test
    void patch_publishes_the_update_and_answers_202() throws Exception {
        Contact c = syncedLead("patch");
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION);

        ResponseEntity<String> r = patch("/api/contacts/" + c.id(), "{\"changes\":{\"title\":\"CFO\"}}");

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(r.getBody()).contains("\"messageId\"");
        awaitLead(c.sfLeadId(), "Title", "CFO");
        assertThat(contacts.findById(c.id()).orElseThrow().title()).isEqualTo("CFO");
    }

    @Test
    void a_field_whose_mode_keeps_salesforce_is_stored_in_conversion_only() throws Exception {
        Contact c = syncedLead("keep");
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_SALESFORCE);
        mode(SyncedObject.LEAD, "Phone", "phone", SyncMode.ALWAYS_CONVERSION);

        patch("/api/contacts/" + c.id(), "{\"changes\":{\"title\":\"Kept\",\"phone\":\"+1 555 0199\"}}");

        awaitLead(c.sfLeadId(), "Phone", "+1 555 0199");
        assertThat(sfRecord("Lead", c.sfLeadId()).get("Title")).isEqualTo("CTO");
        assertThat(contacts.findById(c.id()).orElseThrow().title()).isEqualTo("Kept");
        assertThat(activityOf(c.id(), "UPDATE_STORED").get(0).message()).contains("title=ALWAYS_SALESFORCE");
    }

    @Test
    void prefer_salesforce_fills_an_empty_field_only_and_two_way_sends_only_newer_changes() throws Exception {
        Contact c = syncedLead("modes");
        mode(SyncedObject.LEAD, "FirstName", "firstName", SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY);
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.TWO_WAY);
        long sfTime = java.time.Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        // What the service saw of Salesforce: FirstName has a value, Title was changed there at 10:00.
        fieldStates.saveAll(List.of(
                FieldState.empty(Target.CONTACT, c.id(), "firstName").salesforceSeen("Jane", sfTime, true),
                FieldState.empty(Target.CONTACT, c.id(), "title").salesforceSeen("CTO", sfTime, true)));

        // Tied with the Salesforce change: Salesforce wins, nothing is sent, and Conversion keeps Salesforce's value
        // of the two-way field (both systems converge); firstName is stored in Conversion only.
        patch("/api/contacts/" + c.id(), "{\"changes\":{\"firstName\":\"Janet\",\"title\":\"Tie\"},"
                + "\"changedAt\":\"2026-12-01T10:00:00Z\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Janet".equals(contacts.findById(c.id()).orElseThrow()
                .firstName()));
        assertThat(contacts.findById(c.id()).orElseThrow().title()).isEqualTo("CTO");
        assertThat(activityOf(c.id(), "UPDATE_STORED").get(0).message()).contains("title=SALESFORCE_NEWER");
        assertThat(queued(Target.CONTACT, c.id())).isZero();
        // Newer: sent; firstName (Salesforce has a value) still is not.
        patch("/api/contacts/" + c.id(), "{\"changes\":{\"firstName\":\"Janine\",\"title\":\"Newer\"},"
                + "\"changedAt\":\"2026-12-01T10:00:01Z\"}");
        awaitLead(c.sfLeadId(), "Title", "Newer");
        assertThat(sfRecord("Lead", c.sfLeadId()).get("FirstName")).isEqualTo("Jane");
        assertThat(contacts.findById(c.id()).orElseThrow().firstName()).isEqualTo("Janine");
    }

    @Test
    void a_salesforce_edit_and_an_older_conversion_edit_of_a_two_way_field_racing_end_with_salesforces_value_in_both()
            throws Exception {
        Contact c = syncedLead("race");
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.TWO_WAY);
        long conversionEdit = System.currentTimeMillis();
        Thread.sleep(5); // the Salesforce edit commits after the Conversion edit was made ...
        SALESFORCE.org().update("Lead", c.sfLeadId(), Map.of("Title", "Sales says"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Sales says".equals(
                contacts.findById(c.id()).orElseThrow().title()));

        // ... but the Conversion edit arrives after the Salesforce change event.
        patch("/api/contacts/" + c.id(), "{\"changes\":{\"title\":\"Marketing says\"},\"changedAt\":\""
                + java.time.Instant.ofEpochMilli(conversionEdit) + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !activityOf(c.id(), "UPDATE_STORED").isEmpty());

        assertThat(contacts.findById(c.id()).orElseThrow().title()).isEqualTo("Sales says");
        assertThat(sfRecord("Lead", c.sfLeadId()).get("Title")).isEqualTo("Sales says");
        assertThat(queued(Target.CONTACT, c.id())).isZero();
    }

    @Test
    void conversion_updates_arriving_out_of_order_never_let_an_older_value_overwrite_a_newer_one() throws Exception {
        Contact c = syncedLead("order");
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION);

        patch("/api/contacts/" + c.id(), "{\"changes\":{\"title\":\"Newer\"},\"changedAt\":\"2026-12-01T10:00:02Z\"}");
        awaitLead(c.sfLeadId(), "Title", "Newer");
        patch("/api/contacts/" + c.id(), "{\"changes\":{\"title\":\"Older\"},\"changedAt\":\"2026-12-01T10:00:01Z\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> activityOf(c.id(), "UPDATE_STORED").size() >= 2);

        assertThat(activityOf(c.id(), "UPDATE_STORED").get(0).message()).contains("title=STALE");
        assertThat(contacts.findById(c.id()).orElseThrow().title()).isEqualTo("Newer");
        assertThat(sfRecord("Lead", c.sfLeadId()).get("Title")).isEqualTo("Newer");
    }

    @Test
    void a_backlog_of_a_thousand_updated_contacts_leaves_in_five_salesforce_calls() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION);
        String domain = uniqueDomain("bulkupd");
        List<String> emails = IntStream.range(0, 1000).mapToObj(i -> "u" + i + "@" + domain).toList();
        publishJms(emails.stream().map(e -> message(e, "Bulk")).toList());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> contacts
                .findByEmails(emails).stream().filter(c -> c.syncStatus() == SyncStatus.SYNCED).count() == 1000);
        SALESFORCE.usage().reset();

        // The 1,000 changes queue up first (the sender paused), so the count does not depend on how fast a busy
        // machine stores them: a backlog leaves in full batches of 200.
        camelContext.getRouteController().stopRoute("outbound-salesforce-updates");
        try {
            publishTo(UPDATES, emails.stream()
                    .map(e -> "{\"email\":\"" + e + "\",\"changes\":{\"title\":\"Bulk VP\"}}").toList());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> outbox.backlog(java.time.Instant.now()).records() >= 1000);
        } finally {
            camelContext.getRouteController().startRoute("outbound-salesforce-updates");
        }

        List<String> leadIds = contacts.findByEmails(emails).stream().map(Contact::sfLeadId).toList();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> leadIds.stream()
                .allMatch(id -> "Bulk VP".equals(SALESFORCE.org().get("Lead", id).orElseThrow().get("Title"))));
        System.out.println("OUTBOUND-UPDATES-EFFICIENCY: 1000 updates -> " + SALESFORCE.usage().toJson());
        assertThat(SALESFORCE.usage().count("composite.sobjects.update")).as("five full batches").isEqualTo(5);
        assertThat(SALESFORCE.usage().total()).isEqualTo(5);
    }

    @Test
    void a_company_update_changes_its_account() throws Exception {
        mode(SyncedObject.ACCOUNT, "Name", "name", SyncMode.ALWAYS_CONVERSION);
        mode(SyncedObject.ACCOUNT, "Industry", "attributes.industry", SyncMode.ALWAYS_CONVERSION);
        String domain = uniqueDomain("acct");
        String accountId = seedAccount("Old Name", "https://www." + domain);
        await().atMost(Duration.ofSeconds(30)).until(() -> companies.findBySfAccountId(accountId).isPresent());
        long companyId = companies.findBySfAccountId(accountId).orElseThrow().id();

        publishTo(COMPANY_UPDATES, List.of("{\"id\":" + companyId + ",\"changes\":{\"name\":\"New Name\","
                + "\"attributes\":{\"industry\":\"Retail\"}}}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "New Name".equals(sfRecord("Account", accountId).get("Name")));
        assertThat(sfRecord("Account", accountId).get("Industry")).isEqualTo("Retail");
        assertThat(companies.findById(companyId).orElseThrow().name()).isEqualTo("New Name");
        assertThat(companies.findById(companyId).orElseThrow().attributes()).containsEntry("industry", "Retail");
    }

    // ---- Read-only ----

    @Test
    void updates_made_while_outbound_is_off_are_stored_and_never_sent() throws Exception {
        Contact c = syncedLead("ro");
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION);
        outbound(false, CreateAs.LEAD, false, false);

        patch("/api/contacts/" + c.id(), "{\"changes\":{\"title\":\"Offline\"}}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "Offline".equals(contacts.findById(c.id()).orElseThrow().title()));
        outbound(true, CreateAs.LEAD, false, false);
        Thread.sleep(1500); // longer than a batch takes to leave: nothing may leave

        assertThat(queued(Target.CONTACT, c.id())).isZero();
        assertThat(sfRecord("Lead", c.sfLeadId()).get("Title")).isEqualTo("CTO");
        assertThat(activityOf(c.id(), "UPDATE_STORED").get(0).reason()).isEqualTo("OUTBOUND_DISABLED");
    }

    @Test
    void updates_queued_before_the_switch_off_wait_and_are_sent_when_it_is_back_on() throws Exception {
        Contact c = syncedLead("wait");
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION);
        outbound(false, CreateAs.LEAD, false, false);
        // Queued while on (the state the switch-off finds): the worker must leave it alone while off.
        outbox.queue(Target.CONTACT, c.id(), "title", "Queued before", System.currentTimeMillis());
        long calls = SALESFORCE.usage().total();
        Thread.sleep(1500);
        assertThat(SALESFORCE.usage().total()).isEqualTo(calls);
        assertThat(queued(Target.CONTACT, c.id())).isEqualTo(1);

        outbound(true, CreateAs.LEAD, false, false);

        awaitLead(c.sfLeadId(), "Title", "Queued before");
    }

    @Test
    void new_contacts_queued_before_the_switch_off_wait_and_are_created_when_it_is_back_on() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        var on = settings.get();
        outbound(false, CreateAs.LEAD, false, false);
        String email = "queued@" + uniqueDomain("waitcreate");
        // Queued with the plan of a moment outbound was on: the batch worker must not send it while it is off.
        contactIntake.store(new ContactMessage(email, "Q", "Before", "Acme", null, null, "API", false), "PENDING", on);
        Thread.sleep(1500);
        assertThat(contacts.findByEmail(email).orElseThrow().syncStatus()).isEqualTo(SyncStatus.PENDING);
        assertThat(sfRecords("Lead", "Email", email)).isEmpty();

        outbound(true, CreateAs.LEAD, false, false);

        Contact synced = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(synced.sfLeadId()).isNotNull();
    }

    // ---- Failures ----

    @Test
    void a_record_salesforce_refuses_fails_that_record_only_and_is_retriable() throws Exception {
        Contact bad = syncedLead("refused");
        Contact good = syncedLead("taken");
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION);
        String tooLong = "T".repeat(200); // Conversion holds 255 characters, Lead.Title 128

        publishTo(UPDATES, List.of("{\"id\":" + bad.id() + ",\"changes\":{\"title\":\"" + tooLong + "\"}}",
                "{\"id\":" + good.id() + ",\"changes\":{\"title\":\"Fine\"}}"));

        awaitLead(good.sfLeadId(), "Title", "Fine");
        await().atMost(Duration.ofSeconds(10)).until(() -> !activityOf(bad.id(), "UPDATE_LEAD").isEmpty());
        Activity failed = activityOf(bad.id(), "UPDATE_LEAD").get(0);
        assertThat(failed.outcome()).isEqualTo(Activity.Outcome.FAILED);
        assertThat(failed.message()).contains("STRING_TOO_LONG");
        ResponseEntity<String> updates = admin().getForEntity("/api/contacts/" + bad.id() + "/updates", String.class);
        assertThat(updates.getBody()).contains("FAILED").contains("STRING_TOO_LONG");

        // Retriable: the retry sends it again (Salesforce refuses it again: a second FAILED row)...
        ResponseEntity<String> retry = admin().postForEntity("/api/contacts/" + bad.id() + "/updates/retry", null,
                String.class);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> activityOf(bad.id(), "UPDATE_LEAD").size() == 2);
        // ... and a corrected update of the field replaces the refused value and goes through.
        patch("/api/contacts/" + bad.id(), "{\"changes\":{\"title\":\"Short\"}}");
        awaitLead(bad.sfLeadId(), "Title", "Short");
        await().atMost(Duration.ofSeconds(10)).until(() -> queued(Target.CONTACT, bad.id()) == 0);
    }

    @Test
    void salesforce_unavailable_is_retried_with_backoff_until_the_update_lands() throws Exception {
        Contact c = syncedLead("503");
        mode(SyncedObject.LEAD, "Title", "title", SyncMode.ALWAYS_CONVERSION);
        SALESFORCE.faults().unavailable(2);

        patch("/api/contacts/" + c.id(), "{\"changes\":{\"title\":\"After 503\"}}");

        awaitLead(c.sfLeadId(), "Title", "After 503");
        await().atMost(Duration.ofSeconds(10)).until(() -> queued(Target.CONTACT, c.id()) == 0);
    }

    // ---- Bad input ----

    @Test
    void malformed_updates_and_updates_of_unknown_records_go_to_the_dead_letter_queue_with_the_reason()
            throws Exception {
        String marker = "m" + System.nanoTime();
        publishTo(UPDATES, List.of("{not json " + marker,
                "{\"email\":\"nobody-" + marker + "@nowhere.example\",\"changes\":{\"title\":\"X\"}}",
                "{\"email\":\"x@y.example\",\"changes\":{\"shoeSize\":\"" + marker + "\"}}"));
        publishTo(COMPANY_UPDATES, List.of("{\"id\":999999999,\"changes\":{\"name\":\"" + marker + "\"}}"));

        Message json = awaitDeadLetter("{not json " + marker).orElseThrow();
        assertThat(json.getStringProperty("syncFailureReason")).startsWith("INVALID_MESSAGE: not valid JSON");
        Message unknown = awaitDeadLetter("nobody-" + marker).orElseThrow();
        assertThat(unknown.getStringProperty("syncFailureReason")).contains("unknown contact");
        Message field = awaitDeadLetter("shoeSize\":\"" + marker).orElseThrow();
        assertThat(field.getStringProperty("syncFailureReason")).contains("unknown field shoeSize");
        Message company = awaitCompanyDeadLetter(marker);
        assertThat(company.getStringProperty("syncFailureReason")).contains("unknown company id 999999999");
    }

    @Test
    void patch_answers_400_for_a_bad_update_and_404_for_an_unknown_contact() throws Exception {
        Contact c = syncedLead("bad");
        assertThat(patch("/api/contacts/" + c.id(), "{\"changes\":{}}").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<String> unknownField = patch("/api/contacts/" + c.id(), "{\"changes\":{\"email\":\"a@b.c\"}}");
        assertThat(unknownField.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknownField.getBody()).contains("unknown field email");
        assertThat(patch("/api/contacts/" + c.id(), "{\"changes\":{\"title\":\"X\"},\"changedAt\":\"yesterday\"}")
                .getBody()).contains("changedAt is not an ISO-8601 instant");
        assertThat(patch("/api/contacts/" + c.id(), "{\"changes\":{\"phone\":\"" + "1".repeat(65) + "\"}}").getBody())
                .contains("phone is longer than 64 characters");
        assertThat(patch("/api/contacts/999999999", "{\"changes\":{\"title\":\"X\"}}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(patch("/api/companies/999999999", "{\"changes\":{\"name\":\"X\"}}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    private Message awaitCompanyDeadLetter(String text) throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> browse("conversion.companies.dlq", text) != null);
        return browse("conversion.companies.dlq", text);
    }

    private static Message browse(String queue, String text) throws Exception {
        try (var cf = TestBroker.service(BROKER_PORT); var ctx = cf.createContext();
                var browser = ctx.createBrowser(ctx.createQueue(queue))) {
            var e = browser.getEnumeration();
            while (e.hasMoreElements()) {
                Message m = (Message) e.nextElement();
                if (body(m).contains(text)) {
                    return m;
                }
            }
            return null;
        }
    }

    private List<Activity> activityOf(long contactId, String action) {
        return activity.find(new ActivityQuery(null, null, null, contactId, null, 50)).stream()
                .filter(a -> action.equals(a.action())).toList();
    }
}
