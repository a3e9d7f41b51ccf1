package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Contact;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gap events, paused objects and toggles switched between events. */
class InboundGapsAndTogglesTest extends InboundTestSupport {

    @Test
    void a_gap_event_reads_the_records_again_by_id() {
        String email = email("gap");
        String leadId = org().create("Lead", lead(email));
        awaitContact(email);
        // Changed without a regular event (e.g. a change too large for an event): only the gap event tells.
        org().update("Lead", leadId, Map.of("Title", "Set Before The Gap"));
        awaitActivity(leadId, "UPDATED");
        org().publishGap("Lead", "GAP_UPDATE", List.of(leadId));

        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> count(leadId, "UPDATED") >= 2);
        assertThat(contacts.findByEmail(email).get().title()).isEqualTo("Set Before The Gap");
    }

    @Test
    void a_gap_overflow_reads_the_objects_recently_changed_records_again() {
        String email = email("overflow");
        toggles(true, false, true);
        String contactId = org().create("Contact", Map.of("LastName", "Overflow", "Email", email));
        awaitActivity(contactId, "OBJECT_PAUSED");
        toggles(true, true, true);

        org().publishGap("Contact", "GAP_OVERFLOW", List.of());

        Contact c = awaitContact(email);
        assertThat(c.sfContactId()).isEqualTo(contactId);
    }

    @Test
    void a_gap_overflow_is_read_again_page_by_page_applied_as_changes_and_a_second_one_changes_nothing()
            throws Exception {
        int pageSize = SALESFORCE.config().queryPageSize();
        // Several pages, however many Contacts the suite's other tests left in the org (it re-reads them all).
        SALESFORCE.config().queryPageSize(Math.max(3, (org().all("Contact").size() + 7) / 3 + 1));
        try {
            toggles(true, false, true);
            List<String> ids = new java.util.ArrayList<>();
            List<String> emails = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                emails.add(email("mass" + i));
                ids.add(org().create("Contact", Map.of("LastName", "Mass " + i, "Email", emails.get(i))));
            }
            ids.forEach(id -> awaitActivity(id, "OBJECT_PAUSED"));
            toggles(true, true, true);
            listenToTriggers();

            org().publishGap("Contact", "GAP_OVERFLOW", List.of());
            awaitQuiet(CONTACTS); // the overflow's position: stored only after its pages were applied
            for (int i = 0; i < 7; i++) {
                assertThat(contacts.findByEmail(emails.get(i))).get().extracting(Contact::sfContactId)
                        .isEqualTo(ids.get(i));
                assertThat(applied(ids.get(i))).isEqualTo(1); // applied as the overflow's change
                awaitTriggers(ids.get(i), 1);
            }

            // Replayed (or a second overflow): every record is up to date, nothing is written or triggered again.
            org().publishGap("Contact", "GAP_OVERFLOW", List.of());
            awaitQuiet(CONTACTS);
            for (String id : ids) {
                assertThat(applied(id)).isEqualTo(1);
                assertThat(triggers(id)).hasSize(1);
            }
        } finally {
            SALESFORCE.config().queryPageSize(pageSize);
        }
    }

    private long applied(String sfId) {
        return activities(sfId).stream().filter(a -> a.outcome() == Outcome.APPLIED).count();
    }

    @Test
    void a_paused_object_is_not_applied_and_triggers_no_workflow() throws Exception {
        listenToTriggers();
        String email = email("paused");
        String leadId = org().create("Lead", lead(email));
        Contact linked = awaitContact(email);
        awaitTriggers(leadId, 1);

        toggles(false, true, true);
        org().update("Lead", leadId, Map.of("Title", "While Paused"));
        String other = org().create("Lead", lead(email("paused-new")));
        assertThat(awaitActivity(leadId, "OBJECT_PAUSED").outcome()).isEqualTo(Outcome.SKIPPED);
        awaitActivity(other, "OBJECT_PAUSED");

        assertThat(contacts.findById(linked.id()).get().title()).isNull();
        assertThat(contacts.findById(linked.id()).get().sfLeadId()).isEqualTo(leadId); // links stay intact
        assertThat(contacts.findBySfLeadId(other)).isEmpty();
        // A later, accepted change of another object is published; none for the paused ones.
        String account = org().create("Account", Map.of("Name", "Marker"));
        awaitTriggers(account, 1);
        assertThat(triggers(leadId)).hasSize(1);
        assertThat(triggers(other)).isEmpty();
    }

    @Test
    void a_toggle_switched_off_and_on_between_events_applies_only_later_changes() {
        String email = email("toggle");
        String leadId = org().create("Lead", lead(email));
        long id = awaitContact(email).id();

        toggles(false, true, true);
        org().update("Lead", leadId, Map.of("Title", "Changed While Off"));
        awaitActivity(leadId, "OBJECT_PAUSED");
        toggles(true, true, true);
        org().update("Lead", leadId, Map.of("Phone", "+44 20 0000"));

        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> "+44 20 0000".equals(contacts.findById(id).get().phone()));
        assertThat(contacts.findById(id).get().title()).isNull(); // nothing retroactive
    }

    @Test
    void an_unreadable_event_is_logged_as_failed() {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        ObjectNode h = payload.putObject("ChangeEventHeader");
        h.put("entityName", "Lead").put("changeType", "SOMETHING_NEW").put("commitTimestamp",
                System.currentTimeMillis());
        h.putArray("recordIds").add("00Q000000000BADAAA");
        SALESFORCE.events().publish(LEADS, payload);

        assertThat(awaitActivity("00Q000000000BADAAA", "INVALID_EVENT").outcome()).isEqualTo(Outcome.FAILED);
    }
}
