package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Contact;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Leads and Contacts from Salesforce to Conversion contacts, through the real consumer and the emulator. */
class InboundPeopleTest extends InboundTestSupport {

    @Test
    void a_new_lead_with_email_becomes_a_conversion_contact_and_triggers_a_workflow() throws Exception {
        listenToTriggers();
        String email = email("ada");
        String leadId = org().create("Lead", lead(email));

        Contact c = awaitContact(email);
        assertThat(c.sfLeadId()).isEqualTo(leadId);
        assertThat(c.firstName()).isEqualTo("Ada");
        assertThat(c.lastName()).isEqualTo("Lovelace");
        assertThat(c.companyName()).isEqualTo("Analytical Engines");
        assertThat(c.syncStatus()).isEqualTo(Contact.SyncStatus.SYNCED);
        assertThat(awaitActivity(leadId, "CREATED").outcome()).isEqualTo(Outcome.APPLIED);

        JsonNode trigger = awaitTriggers(leadId, 1).get(0);
        assertThat(trigger.get("object").asText()).isEqualTo("Lead");
        assertThat(trigger.get("conversionId").asLong()).isEqualTo(c.id());
        assertThat(trigger.get("changeType").asText()).isEqualTo("CREATE");
        assertThat(trigger.get("changedFields").toString()).contains("Email", "LastName");
        assertThat(storedPosition(LEADS)).isPresent();
    }

    @Test
    void an_update_applies_only_the_fields_in_the_event() throws Exception {
        listenToTriggers();
        String email = email("grace");
        String leadId = org().create("Lead", lead(email));
        Contact c = awaitContact(email);
        // A Conversion-side edit of a field the update does not touch must survive.
        contacts.update(new Contact(c.id(), c.email(), "Local", c.lastName(), c.title(), "+1 555 0100",
                c.companyName(), c.companyId(), c.source(), c.sfLeadId(), c.sfContactId(), c.sfAccountId(),
                c.syncStatus(), c.syncError(), null, null));

        org().update("Lead", leadId, Map.of("Title", "Rear Admiral"));

        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> "Rear Admiral".equals(contacts.findByEmail(email).get().title()));
        Contact after = contacts.findByEmail(email).get();
        assertThat(after.firstName()).isEqualTo("Local");
        assertThat(after.phone()).isEqualTo("+1 555 0100");
        JsonNode update = awaitTriggers(leadId, 2).get(1);
        assertThat(update.get("changeType").asText()).isEqualTo("UPDATE");
        assertThat(update.get("changedFields").toString()).contains("Title").doesNotContain("Email");
    }

    @Test
    void a_lead_without_email_is_skipped_until_it_gets_one() {
        var fields = lead(null);
        fields.remove("Email");
        String leadId = org().create("Lead", fields);
        assertThat(awaitActivity(leadId, "NO_EMAIL").outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(contacts.findBySfLeadId(leadId)).isEmpty();

        // The UPDATE carries only Email: the rest of the record is read again from Salesforce.
        String email = email("late");
        org().update("Lead", leadId, Map.of("Email", email));
        Contact c = awaitContact(email);
        assertThat(c.sfLeadId()).isEqualTo(leadId);
        assertThat(c.lastName()).isEqualTo("Lovelace");
        assertThat(c.companyName()).isEqualTo("Analytical Engines");
    }

    @Test
    void a_contact_without_email_is_skipped() {
        String contactId = org().create("Contact", Map.of("LastName", "Nomail"));
        assertThat(awaitActivity(contactId, "NO_EMAIL").outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(contacts.findBySfContactId(contactId)).isEmpty();
    }

    @Test
    void a_converted_lead_hands_its_conversion_contact_over_to_the_new_contact() throws Exception {
        String email = email("convert");
        String leadId = org().create("Lead", lead(email));
        Contact fromLead = awaitContact(email);

        var conversion = org().convertLead(leadId, null, null, null);

        awaitActivity(leadId, "CONVERTED_LEAD");
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> conversion.contactId().equals(contacts.findById(fromLead.id()).get()
                .sfContactId()));
        assertThat(jdbc.sql("select count(*) from contact where email_key = :e").param("e", email.toLowerCase())
                .query(Long.class).single()).isEqualTo(1);
        // The Contact carries the Account created by the conversion: the contact now belongs to its company.
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> contacts.findById(fromLead.id()).get().companyId() != null);
        Contact after = contacts.findById(fromLead.id()).get();
        assertThat(company(after.companyId()).sfAccountId()).isEqualTo(conversion.accountId());

        // Later events of the converted Lead are skipped.
        org().publishGap("Lead", "GAP_UPDATE", List.of(leadId));
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> count(leadId, "CONVERTED_LEAD") >= 2);
    }

    @Test
    void a_contact_is_linked_to_the_company_of_its_account_even_before_the_account_arrives() {
        // The Account was made while Accounts were off: Accounts sync now, but that one has not arrived yet.
        toggles(true, true, false);
        String accountId = org().create("Account", Map.of("Name", "Initech", "Website", "https://www.Initech.example/about"));
        awaitActivity(accountId, "OBJECT_PAUSED");
        toggles(true, true, true);
        String email = email("peter");
        String contactId = org().create("Contact", Map.of("LastName", "Gibbons", "Email", email, "AccountId", accountId));
        Contact c = awaitContact(email);
        assertThat(c.sfContactId()).isEqualTo(contactId);
        assertThat(c.sfAccountId()).isEqualTo(accountId);
        long companyId = c.companyId();
        assertThat(company(companyId).name()).isNull(); // placeholder until the Account syncs

        org().update("Account", accountId, Map.of("Phone", "555"));
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> "Initech".equals(company(companyId).name()));
        assertThat(company(companyId).domain()).isEqualTo("initech.example");
        assertThat(contacts.findByEmail(email).get().companyId()).isEqualTo(companyId);
    }

    @Test
    void deleting_keeps_the_contact_but_unlinks_it_and_undeleting_links_it_again() throws Exception {
        listenToTriggers();
        String email = email("phoenix");
        String leadId = org().create("Lead", lead(email));
        long id = awaitContact(email).id();

        org().delete("Lead", leadId);
        awaitActivity(leadId, "DELETED");
        assertThat(contacts.findById(id).get().sfLeadId()).isNull();
        assertThat(contacts.findById(id)).isPresent();

        org().undelete("Lead", leadId);
        awaitActivity(leadId, "UNDELETED");
        assertThat(contacts.findById(id).get().sfLeadId()).isEqualTo(leadId);
        assertThat(awaitTriggers(leadId, 3)).extracting(t -> t.get("changeType").asText())
                .containsExactly("CREATE", "DELETE", "UNDELETE");
    }

    @Test
    void one_change_event_for_many_records_updates_each_of_them() {
        List<String> emails = List.of(email("bulk1"), email("bulk2"), email("bulk3"));
        List<String> ids = emails.stream().map(e -> org().create("Lead", lead(e))).toList();
        emails.forEach(this::awaitContact);
        long before = SALESFORCE.events().lastReplayId();

        // Like one sObject Collections call: one transaction, the same change to three Leads -> ONE event.
        org().inTransaction("com/salesforce/api/rest/56.0;client=sales-tool", tx -> {
            ids.forEach(id -> tx.update("Lead", id, Map.of("Title", "VP Bulk")));
            return null;
        });
        var events = SALESFORCE.events().retained().stream().filter(e -> e.replayId() > before).toList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).payload().get("ChangeEventHeader").get("recordIds")).hasSize(3);

        for (String email : emails) {
            await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> "VP Bulk".equals(contacts.findByEmail(email).get().title()));
        }
        ids.forEach(id -> assertThat(count(id, "UPDATED")).isEqualTo(1));
    }

    @Test
    void our_own_echo_is_not_applied_again() throws Exception {
        listenToTriggers();
        String email = email("echo");
        Contact mine = contacts.insert(new Contact(null, email, "Own", "Write", null, null, null, null, "FORM", null,
                null, null, Contact.SyncStatus.NOT_SYNCED, null, null, null)); // outbound leaves it alone

        String leadId = org().inTransaction("com/salesforce/api/rest/56.0;client=conversion-sync",
                tx -> tx.insert("Lead", Map.of("LastName", "Changed In Salesforce", "Company", "X", "Email", email)));

        var echo = awaitActivity(leadId, "ECHO");
        assertThat(echo.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(echo.contactId()).isEqualTo(mine.id());
        Contact after = contacts.findById(mine.id()).get();
        assertThat(after.lastName()).isEqualTo("Write");
        assertThat(after.sfLeadId()).isNull(); // linking our own writes is the outbound sync's job
        assertThat(count(leadId, "CREATED")).isZero();
        // A later change by someone else is published; nothing for the echo.
        String other = org().create("Lead", lead(email("after-echo")));
        awaitTriggers(other, 1);
        assertThat(triggers(leadId)).isEmpty();
    }

    @Test
    void a_lead_written_by_the_outbound_sync_comes_back_as_echo_and_is_not_applied() throws Exception {
        listenToTriggers();
        String email = email("outbound-echo");
        long id = contacts.insert(new Contact(null, email, "Out", "Bound", null, null, "Echo Inc", null, "FORM", null,
                null, null, Contact.SyncStatus.PENDING, null, null, null)).id();

        // The outbound sync creates the Lead with Sforce-Call-Options: client=conversion-sync ...
        String leadId = await().atMost(WAIT).dontCatchUncaughtExceptions()
                .until(() -> contacts.findById(id).get().sfLeadId(), java.util.Objects::nonNull);
        // ... and its change event is recognised as our own echo: not applied, no workflow trigger.
        awaitActivity(leadId, "ECHO");
        assertThat(count(leadId, "CREATED")).isZero();
        assertThat(jdbc.sql("select count(*) from contact where email_key = :e").param("e", email.toLowerCase())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(triggers(leadId)).isEmpty();
    }
}
