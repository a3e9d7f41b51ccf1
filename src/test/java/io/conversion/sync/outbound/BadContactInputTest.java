package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.TestBroker;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapRestored;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.net.IDN;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Bad input on the outbound intake (README "Bad input"), through the real broker, the HTTP API and the emulated org:
 * each bad message gets its reason where the user sees it (dead-letter header, 400/413 body, activity log, a FAILED
 * contact with Salesforce's message) and a valid contact sent right after it still syncs.
 */
@ExtendWith(FieldMapRestored.class)
class BadContactInputTest extends OutboundTestSupport {

    static final String UPDATES = "conversion.contacts.updated";

    @Autowired
    ActivityLog activity;

    @Autowired
    FieldMap fieldMap;

    // ---- Control characters ----

    @Test
    void control_characters_are_removed_from_names_and_company_and_the_contact_syncs() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String email = "ctrl@" + uniqueDomain("ctrl");

        publishJms("{\"email\":\"" + email + "\",\"firstName\":\"Ja\\u0000ne\",\"lastName\":\"Doe\\tSmith\\u0007\","
                + "\"company\":\"Ac\\u001fme\\u009f\",\"title\":\"C\\nTO\"}");

        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        assertThat(c.firstName()).isEqualTo("Jane");
        assertThat(c.lastName()).isEqualTo("Doe Smith");
        assertThat(c.companyName()).isEqualTo("Acme");
        assertThat(c.title()).isEqualTo("C TO");
        assertThat(sfRecord("Lead", c.sfLeadId())).containsEntry("FirstName", "Jane").containsEntry("LastName",
                "Doe Smith").containsEntry("Company", "Acme");
    }

    @Test
    void rejects_an_email_with_a_nul_with_reason_and_the_next_contact_syncs() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String tag = "nul" + System.nanoTime();
        String after = "after@" + uniqueDomain("nul");

        publishJms("{\"email\":\"" + tag + "\\u0000@example.com\"}", message(after));

        assertReason(tag, "INVALID_MESSAGE: invalid email: contains the control character U+0000");
        awaitStatus(after, SyncStatus.SYNCED);
        ResponseEntity<Map> http = post("/api/contacts", "{\"email\":\"a\\u0000b@example.com\"}");
        assertThat(http.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) http.getBody().get("message")).contains("control character U+0000");
    }

    // ---- Unicode domains and normalisation ----

    @Test
    void an_idn_email_and_its_punycode_form_are_one_contact_and_salesforce_gets_the_ascii_domain() throws Exception {
        outbound(true, CreateAs.CONTACT, true, false);
        String unicodeDomain = "bücher-" + uniqueDomain("idn");
        String asciiDomain = IDN.toASCII(unicodeDomain);
        String accountId = seedAccount("Bücher", "https://www." + unicodeDomain + "/shop");

        publishJms(message("anna@" + unicodeDomain));
        Contact c = awaitStatus("anna@" + unicodeDomain, SyncStatus.SYNCED);
        publishJms(message("anna@" + asciiDomain), message("Anna@" + unicodeDomain.toUpperCase()));
        String marker = "marker@" + uniqueDomain("idn");
        publishJms(message(marker));
        awaitStatus(marker, SyncStatus.SYNCED);

        assertThat(c.email()).as("stored as Salesforce takes it").isEqualTo("anna@" + asciiDomain);
        assertThat(contacts.findByEmail("anna@" + asciiDomain).orElseThrow().id()).isEqualTo(c.id());
        assertThat(contacts.findByEmails(List.of("anna@" + unicodeDomain, "anna@" + asciiDomain))).hasSize(1);
        assertThat(sfRecords("Contact", "Email", "anna@" + asciiDomain)).hasSize(1);
        assertThat(sfRecord("Contact", c.sfContactId())).as("linked by the Website's Unicode domain")
                .containsEntry("AccountId", accountId);
    }

    @Test
    void an_idn_email_matches_the_lead_an_internationalized_org_holds_with_the_unicode_domain() throws Exception {
        settings.update(new SyncSettings(new SyncSettings.Inbound(false, true, true),
                new SyncSettings.Outbound(true, CreateAs.LEAD, false, false)), "test"); // lookup, not the mirror
        SALESFORCE.org().emailAddressInternationalization(true);
        String unicodeDomain = "bücher-" + uniqueDomain("eai-match");
        String leadId = SALESFORCE.org().create("Lead", Map.of("LastName", "Roe", "Company", "Bücher",
                "Email", "maria@" + unicodeDomain));

        publishJms(message("maria@" + IDN.toASCII(unicodeDomain)));

        assertThat(awaitStatus("maria@" + unicodeDomain, SyncStatus.SYNCED).sfLeadId()).isEqualTo(leadId);
        assertThat(sfRecords("Lead", "Email", "maria@" + IDN.toASCII(unicodeDomain))).isEmpty();
        assertThat(sfRecords("Lead", "Email", "maria@" + unicodeDomain)).hasSize(1);
    }

    @Test
    void an_accented_local_part_fails_with_salesforces_reason_unless_the_org_has_email_internationalization()
            throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String domain = uniqueDomain("eai");
        String valid = "valid@" + domain;

        publishJms(message("jürgen@" + domain), message(valid));

        Contact refused = awaitStatus("jürgen@" + domain, SyncStatus.FAILED);
        assertThat(refused.syncError()).contains("INVALID_EMAIL_ADDRESS").contains("jürgen@" + domain);
        assertThat(awaitStatus(valid, SyncStatus.SYNCED).sfLeadId()).as("the rest of the batch").isNotNull();

        SALESFORCE.org().emailAddressInternationalization(true);
        admin().postForEntity("/api/contacts/{id}/sync", null, Map.class, refused.id());
        assertThat(sfRecord("Lead", awaitStatus("jürgen@" + domain, SyncStatus.SYNCED).sfLeadId()))
                .containsEntry("Email", "jürgen@" + domain);
    }

    @Test
    void an_nfd_email_and_its_precomposed_form_are_one_contact_stored_in_nfc() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        SALESFORCE.org().emailAddressInternationalization(true);
        String domain = uniqueDomain("nfd");
        String decomposed = "rene\u0301@" + domain;
        String precomposed = "ren\u00e9@" + domain;

        publishJms("{\"email\":\"" + decomposed + "\",\"lastName\":\"Rene\u0301e\"}");
        Contact c = awaitStatus(precomposed, SyncStatus.SYNCED);
        publishJms(message(precomposed), message("REN\u00c9@" + domain));
        String marker = "marker@" + uniqueDomain("nfd");
        publishJms(message(marker));
        awaitStatus(marker, SyncStatus.SYNCED);

        assertThat(c.email()).isEqualTo(precomposed);
        assertThat(c.lastName()).isEqualTo("Ren\u00e9e");
        assertThat(contacts.findByEmail(decomposed).orElseThrow().id()).isEqualTo(c.id());
        assertThat(contacts.findByEmails(List.of(decomposed, precomposed))).hasSize(1);
        assertThat(sfRecords("Lead", "Email", precomposed)).hasSize(1);
    }

    // ---- Lengths ----

    @Test
    void rejects_an_email_longer_than_salesforce_takes_with_reason() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String tooLong = "x".repeat(70) + "@" + uniqueDomain("long");
        String after = "after@" + uniqueDomain("long");

        publishJms(message(tooLong), message(after));

        assertReason(tooLong, "invalid email: " + tooLong.length() + " characters, Salesforce takes at most 80");
        awaitStatus(after, SyncStatus.SYNCED);
        assertThat(post("/api/contacts", message(tooLong)).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void a_text_longer_than_its_salesforce_field_fails_that_contact_with_salesforces_message_not_the_batch()
            throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        SALESFORCE.org().addCustomField("Lead", "Nickname__c", "string", 20, "Nickname");
        fieldMap.put(new FieldMapping(SyncedObject.LEAD, "Nickname__c", "attributes.nickname",
                SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY), "test");
        String domain = uniqueDomain("length");
        String lastName = "L".repeat(81);
        String nickname = "N".repeat(21);

        publishJms("{\"email\":\"last@" + domain + "\",\"lastName\":\"" + lastName + "\"}",
                "{\"email\":\"nick@" + domain + "\",\"lastName\":\"Doe\",\"attributes\":{\"nickname\":\"" + nickname
                        + "\"}}",
                "{\"email\":\"company@" + domain + "\",\"company\":\"" + "C".repeat(256) + "\"}",
                message("fits@" + domain));

        assertThat(awaitStatus("last@" + domain, SyncStatus.FAILED).syncError())
                .contains("STRING_TOO_LONG").contains("Last Name: data value too large").contains("max length=80");
        assertThat(awaitStatus("nick@" + domain, SyncStatus.FAILED).syncError())
                .contains("STRING_TOO_LONG").contains("max length=20");
        assertReason("\"company@" + domain, "company is longer than 255 characters");
        awaitStatus("fits@" + domain, SyncStatus.SYNCED);
        assertThat(contacts.findByEmail("last@" + domain).orElseThrow().lastName()).as("Conversion keeps it whole")
                .isEqualTo(lastName);
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null,
                contacts.findByEmail("nick@" + domain).orElseThrow().id(), null, 10)))
                .extracting(Activity::message).anyMatch(m -> m.contains("max length=20"));
    }

    // ---- Size ----

    @Test
    void rejects_a_10_mb_message_with_its_size_and_the_next_contact_syncs() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String tag = "big" + System.nanoTime();
        String head = "{\"email\":\"" + tag + "@example.com\",\"lastName\":\"";
        String big = head + "x".repeat(10 * 1024 * 1024 - head.length() - 2) + "\"}";
        String after = "after@" + uniqueDomain("big");

        publishJms(big, message(after));

        assertReason(tag, "INVALID_MESSAGE: message is 10,485,760 bytes, over the limit of 1,048,576");
        awaitStatus(after, SyncStatus.SYNCED);
        assertThat(contacts.findByEmail(tag + "@example.com")).isEmpty();
        ResponseEntity<Map> http = post("/api/contacts", big);
        assertThat(http.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat((String) http.getBody().get("message")).contains("message is 10,485,760 bytes");
        Contact c = contacts.findByEmail(after).orElseThrow();
        ResponseEntity<Map> patch = patch("/api/contacts/" + c.id(), "{\"changes\":{\"title\":\"" + "t".repeat(
                2 * 1024 * 1024) + "\"}}");
        assertThat(patch.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        consumeDeadLetter(tag); // 10 MB less for the other tests that browse the dead-letter queue
    }

    // ---- Malformed JSON and wrong types ----

    @Test
    void rejects_malformed_json_and_wrong_types_with_a_precise_reason_and_the_queue_goes_on() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String t = "t" + System.nanoTime();
        Map<String, String> reasons = Map.of(
                "{\"email\":\"" + t + "a@x.com\",", "not valid JSON",
                "[\"" + t + "b@x.com\"]", "not a JSON object",
                "\"" + t + "c@x.com\"", "not a JSON object",
                "{\"email\":42,\"lastName\":\"" + t + "d\"}", "email must be a string",
                "{\"email\":\"" + t + "e@x.com\",\"attributes\":[1,2]}", "attributes must be an object of name: value",
                "{\"email\":\"" + t + "f@x.com\",\"firstName\":{\"a\":1}}", "firstName must be a string",
                "{\"email\":\"" + t + "g@x.com\",\"skipInitialSync\":\"yes\"}", "skipInitialSync must be true or false",
                "{\"email\":\"" + t + "h@x.com\"} {\"email\":\"x@y.com\"}", "not valid JSON: Trailing token",
                "{\"email\":\"" + t + "i@x.com\",\"attributes\":{\"a\\u0000b\":\"1\"}}",
                "attributes.ab is not a valid attribute name");
        String after = "after@" + uniqueDomain("types");
        List<String> bodies = new java.util.ArrayList<>(reasons.keySet());
        bodies.add(message(after));

        publishJms(bodies);

        awaitStatus(after, SyncStatus.SYNCED);
        for (var r : reasons.entrySet()) {
            assertReason(r.getKey(), r.getValue());
            ResponseEntity<Map> http = post("/api/contacts", r.getKey());
            assertThat(http.getStatusCode()).as(r.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat((String) http.getBody().get("message")).as(r.getKey()).contains(r.getValue());
        }
        assertThat(activity.find(new ActivityQuery(null, Activity.Outcome.FAILED, null, null, "INVALID_MESSAGE", 200)))
                .extracting(Activity::message).anyMatch(m -> m.contains("attributes must be an object"));
    }

    @Test
    void rejects_malformed_updates_with_a_precise_reason_and_the_next_update_applies() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String email = "upd@" + uniqueDomain("badupdate");
        publishJms(message(email));
        Contact c = awaitStatus(email, SyncStatus.SYNCED);
        String t = "t" + System.nanoTime();
        Map<String, String> reasons = Map.of(
                "{\"email\":\"" + email + "\",\"changes\":{\"title\":\"" + t + "\"},\"changedAt\":\"yesterday\"}",
                "changedAt is not an ISO-8601 instant: yesterday",
                "{\"email\":\"" + email + "\",\"changes\":{\"title\":\"" + t + "\"},\"changedAt\":17}",
                "changedAt must be an ISO-8601 instant",
                "{\"email\":\"" + email + "\",\"changes\":[\"" + t + "\"]}", "changes must be a non-empty object",
                "{\"email\":\"" + email + "\",\"changes\":{\"attributes\":[\"" + t + "\"]}}",
                "attributes must be an object of name: value",
                "{\"email\":7,\"changes\":{\"title\":\"" + t + "x\"}}", "email must be a string",
                "{\"email\":\"" + email + "\",\"changes\":{\"title\":{\"" + t + "\":1}}}",
                "title must be a string, a number, true/false or null");

        for (String body : reasons.keySet()) {
            publishJmsTo(UPDATES, body);
        }
        publishJmsTo(UPDATES, "{\"email\":\"" + email + "\",\"changes\":{\"title\":\"VP\\u0000 Sales\"}}");

        await(() -> "VP Sales".equals(contacts.findById(c.id()).orElseThrow().title()));
        for (var r : reasons.entrySet()) {
            assertReason(t, r.getValue());
            if (!r.getKey().contains("\"email\":7")) { // over HTTP the path names the contact
                ResponseEntity<Map> http = patch("/api/contacts/" + c.id(), r.getKey());
                assertThat(http.getStatusCode()).as(r.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat((String) http.getBody().get("message")).as(r.getKey()).contains(r.getValue());
            }
        }
    }

    // ---- Helpers ----

    private static void assertReason(String bodyPart, String reason) throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> deadLetters(bodyPart)
                .stream().anyMatch(m -> reason(m).contains(reason)));
    }

    private static String reason(Message m) {
        try {
            return String.valueOf(m.getStringProperty("syncFailureReason"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(condition);
    }

    private static void consumeDeadLetter(String tag) throws Exception {
        try (var cf = TestBroker.service(BROKER_PORT); var ctx = cf.createContext();
                var consumer = ctx.createConsumer(ctx.createQueue(DLQ),
                        "syncFailureReason LIKE '%10,485,760 bytes%'")) {
            while (consumer.receive(1000) != null) {
                // drained
            }
        }
    }

    private static void publishJmsTo(String queue, String body) throws Exception {
        try (var cf = TestBroker.producer(BROKER_PORT);
                var ctx = cf.createContext(Session.SESSION_TRANSACTED)) {
            ctx.createProducer().send(ctx.createQueue(queue), body);
            ctx.commit();
        }
    }

    private ResponseEntity<Map> post(String path, String body) {
        return admin().postForEntity(path, new HttpEntity<>(body, json()), Map.class);
    }

    private ResponseEntity<Map> patch(String path, String body) {
        return admin().exchange(path, HttpMethod.PATCH, new HttpEntity<>(body, json()), Map.class);
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
