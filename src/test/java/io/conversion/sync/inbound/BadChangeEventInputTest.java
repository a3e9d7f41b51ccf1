package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.emulator.ChangeEventBus.StoredEvent;
import io.conversion.sync.emulator.IdGenerator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the inbound stream (README "Bad input"): change events Salesforce would not normally send (a
 * malformed header, a record whose email is no address) are recorded in the activity log with the reason, and the
 * stream goes on: a Lead created right after each of them still becomes a contact.
 */
class BadChangeEventInputTest extends InboundTestSupport {

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    @AfterEach
    void emailInternationalizationOff() {
        org().clearRules();
    }

    @Test
    void a_malformed_event_is_logged_failed_with_the_reason_and_the_stream_goes_on() {
        String createdBefore = org().create("Lead", lead(email("template")));
        awaitActivity(createdBefore, "CREATED");

        ObjectNode badTimestamp = template(createdBefore);
        String id1 = fakeLeadId();
        header(badTimestamp).put("commitTimestamp", "yesterday").putArray("recordIds").add(id1);
        SALESFORCE.events().publish(LEADS, badTimestamp);
        ObjectNode badIds = template(createdBefore);
        String id2 = fakeLeadId();
        header(badIds).put("changeType", "UPDATE").putArray("recordIds").add(id2);
        header(badIds).put("commitNumber", "not a number");
        SALESFORCE.events().publish(LEADS, badIds);
        String after = email("after-malformed");
        org().create("Lead", lead(after));

        awaitContact(after);
        Activity failed = awaitActivity(id1, "INVALID_EVENT");
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.message()).contains("Not a readable change event: commitTimestamp is not a number: yesterday");
        Activity second = awaitActivity(id2, "INVALID_EVENT");
        assertThat(second.message()).contains("commitNumber is not a number");
        assertThat(second.replayId()).isNotNull();
    }

    @Test
    void a_record_whose_email_is_no_address_is_skipped_with_the_reason_and_the_stream_goes_on() {
        String createdBefore = org().create("Lead", lead(email("template")));
        awaitActivity(createdBefore, "CREATED");
        String badId = fakeLeadId();
        ObjectNode created = template(createdBefore);
        header(created).putArray("recordIds").add(badId);
        created.put("Email", "not an email");
        SALESFORCE.events().publish(LEADS, created);
        String nulId = fakeLeadId();
        ObjectNode withNul = template(createdBefore);
        header(withNul).putArray("recordIds").add(nulId);
        withNul.put("Email", "ada\u0000@inbound.example");
        SALESFORCE.events().publish(LEADS, withNul);
        String after = email("after-invalid");
        org().create("Lead", lead(after));

        awaitContact(after);
        Activity skipped = awaitActivity(badId, "INVALID_EMAIL");
        assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(skipped.message()).contains("invalid email: not an email").contains("not created in Conversion");
        assertThat(awaitActivity(nulId, "INVALID_EMAIL").message()).contains("control character U+0000");
        assertThat(contacts.findBySfLeadId(badId)).isEmpty();
        assertThat(contacts.findBySfLeadId(nulId)).isEmpty();
    }

    @Test
    void a_linked_records_email_changed_to_no_address_keeps_the_contacts_email() {
        String email = email("linked");
        String leadId = org().create("Lead", lead(email));
        Contact c = awaitContact(email);
        ObjectNode update = JsonNodeFactory.instance.objectNode();
        update.set("ChangeEventHeader", template(leadId).get("ChangeEventHeader"));
        header(update).put("changeType", "UPDATE").putArray("changedFields").add("Email");
        update.put("Email", "still@not@valid");
        SALESFORCE.events().publish(LEADS, update);
        String after = email("after-linked");
        org().create("Lead", lead(after));

        awaitContact(after);
        assertThat(awaitActivity(leadId, "INVALID_EMAIL").message()).contains("the Conversion contact keeps its email");
        assertThat(contacts.findById(c.id()).orElseThrow().email()).isEqualTo(email);
    }

    @Test
    void unicode_and_nfd_emails_from_salesforce_match_the_same_contact() {
        org().emailAddressInternationalization(true);
        String domain = "bücher-" + SEQ.incrementAndGet() + ".example";
        String leadId = org().create("Lead", lead("rene\u0301@" + domain));
        Contact c = awaitContact("ren\u00e9@" + java.net.IDN.toASCII(domain));

        String contactId = org().create("Contact", Map.of("LastName", "Lovelace", "Email",
                "REN\u00c9@" + java.net.IDN.toASCII(domain)));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> activities(contactId).size() > 0);

        Contact linked = contacts.findById(c.id()).orElseThrow();
        assertThat(linked.sfLeadId()).isEqualTo(leadId);
        assertThat(linked.sfContactId()).as("the same person, not a second contact").isEqualTo(contactId);
        assertThat(contacts.findByEmails(List.of("rene\u0301@" + domain, "ren\u00e9@" + domain))).hasSize(1);
    }

    /** The payload of the last event Salesforce published for this record, to be altered. */
    private static ObjectNode template(String recordId) {
        StoredEvent e = SALESFORCE.events().retained().stream().filter(s -> s.channel().equals(LEADS))
                .filter(s -> s.payload().path("ChangeEventHeader").path("recordIds").toString().contains(recordId))
                .reduce((a, b) -> b).orElseThrow();
        return e.payload();
    }

    private static ObjectNode header(ObjectNode payload) {
        return (ObjectNode) payload.get("ChangeEventHeader");
    }

    private static String fakeLeadId() {
        return IdGenerator.to18("00Q" + String.format("%012d", 900_000_000_000L + SEQ.incrementAndGet()));
    }
}
