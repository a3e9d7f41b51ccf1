package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.fields.FieldMapping;
import io.conversion.sync.fields.FieldState;
import io.conversion.sync.fields.FieldStateRepository;
import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** Inbound by sync mode: each field of a change event is applied to Conversion, or kept, as its mode says. */
class InboundFieldModesTest extends InboundTestSupport {

    @Autowired
    FieldMap fieldMap;

    @Autowired
    FieldStateRepository fieldStates;

    @Autowired
    TestRestTemplate rest;

    private List<FieldMapping> mapBefore;

    @BeforeEach
    void rememberFieldMap() {
        mapBefore = fieldMap.all();
    }

    @AfterEach
    void restoreFieldMap() {
        fieldMap.replace(mapBefore, "test");
    }

    private void mode(String sfField, String conversionField, SyncMode mode) {
        fieldMap.put(new FieldMapping(SyncedObject.LEAD, sfField, conversionField, mode), "test");
    }

    /** A Lead synced in with Title CTO. */
    private Contact syncedLead(String name) {
        Map<String, Object> f = new HashMap<>(lead(email(name)));
        f.put("Title", "CTO");
        String id = org().create("Lead", f);
        Contact c = awaitContact((String) f.get("Email"));
        assertThat(c.sfLeadId()).isEqualTo(id);
        return c;
    }

    private Contact after(Contact c) {
        return contacts.findById(c.id()).orElseThrow();
    }

    /** Waits for the n-th (oldest first) activity row of the record that is an update decision (applied or kept). */
    private Activity awaitUpdateDecision(String sfId, int n) {
        List<Activity> decisions = await().atMost(WAIT).until(() -> activities(sfId).stream()
                .filter(a -> "UPDATED".equals(a.action()) || "CONVERSION_KEPT".equals(a.reason())).toList(),
                l -> l.size() >= n);
        return decisions.get(decisions.size() - n); // the log lists newest first
    }

    @Test
    void a_record_new_to_conversion_starts_from_salesforces_values_except_the_fields_not_synced() {
        mode("Title", "title", SyncMode.ALWAYS_CONVERSION);
        mode("Phone", "phone", SyncMode.DO_NOT_SYNC);
        Map<String, Object> f = new HashMap<>(lead(email("new-record")));
        f.put("Title", "CTO");
        f.put("Phone", "+1 555 0101");
        org().create("Lead", f);

        Contact c = awaitContact((String) f.get("Email"));

        assertThat(c.title()).isEqualTo("CTO");
        assertThat(c.phone()).isNull();
    }

    @Test
    void prefer_salesforce_takes_a_salesforce_value_but_not_a_salesforce_clear() {
        mode("Title", "title", SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY);
        Contact c = syncedLead("prefer");

        org().update("Lead", c.sfLeadId(), Map.of("Title", "CEO"));
        awaitUpdateDecision(c.sfLeadId(), 1);
        assertThat(after(c).title()).isEqualTo("CEO");
        Map<String, Object> clear = new HashMap<>();
        clear.put("Title", null);
        org().update("Lead", c.sfLeadId(), clear);
        Activity kept = awaitUpdateDecision(c.sfLeadId(), 2);

        assertThat(after(c).title()).isEqualTo("CEO");
        assertThat(kept.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(kept.reason()).isEqualTo("CONVERSION_KEPT");
        assertThat(kept.message()).contains("Title");
        // What Salesforce holds now is known: a later Conversion change of the field will fill the gap.
        assertThat(fieldStates.find(Target.CONTACT, c.id()).get("title").sfValue()).isNull();
    }

    @Test
    void always_salesforce_takes_values_and_clears() {
        mode("Title", "title", SyncMode.ALWAYS_SALESFORCE);
        Contact c = syncedLead("always-sf");
        Map<String, Object> clear = new HashMap<>();
        clear.put("Title", null);

        org().update("Lead", c.sfLeadId(), clear);
        awaitUpdateDecision(c.sfLeadId(), 1);

        assertThat(after(c).title()).isNull();
    }

    @Test
    void always_conversion_keeps_the_conversion_value_and_says_so_while_other_fields_of_the_change_apply() {
        mode("Title", "title", SyncMode.ALWAYS_CONVERSION);
        Contact c = syncedLead("always-conv");

        org().update("Lead", c.sfLeadId(), Map.of("Title", "Intern", "FirstName", "Renamed"));
        Activity updated = awaitUpdateDecision(c.sfLeadId(), 1);

        assertThat(after(c).title()).isEqualTo("CTO");
        assertThat(after(c).firstName()).isEqualTo("Renamed");
        assertThat(updated.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(updated.message()).contains("Title");
    }

    @Test
    void two_way_applies_a_salesforce_change_only_when_newer_than_the_fields_last_conversion_change() {
        mode("Title", "title", SyncMode.TWO_WAY);
        Contact c = syncedLead("two-way");
        // Conversion changed the title an hour from now (a clock ahead): the Salesforce change is older.
        FieldState state = fieldStates.find(Target.CONTACT, c.id()).getOrDefault("title",
                FieldState.empty(Target.CONTACT, c.id(), "title"));
        fieldStates.saveAll(List.of(state.conversionChanged(System.currentTimeMillis() + 3_600_000)));

        org().update("Lead", c.sfLeadId(), Map.of("Title", "Older"));
        awaitUpdateDecision(c.sfLeadId(), 1);
        assertThat(after(c).title()).isEqualTo("CTO");

        fieldStates.saveAll(List.of(state.conversionChanged(System.currentTimeMillis() - 3_600_000)));
        org().update("Lead", c.sfLeadId(), Map.of("Title", "Newer"));
        awaitUpdateDecision(c.sfLeadId(), 2);
        assertThat(after(c).title()).isEqualTo("Newer");
    }

    @Test
    void do_not_sync_never_takes_a_salesforce_change() {
        mode("Phone", "phone", SyncMode.DO_NOT_SYNC);
        Contact c = syncedLead("dns");

        org().update("Lead", c.sfLeadId(), Map.of("Phone", "+1 555 0000"));
        awaitUpdateDecision(c.sfLeadId(), 1);

        assertThat(after(c).phone()).isNotEqualTo("+1 555 0000");
    }

    @Test
    void a_mode_changed_between_two_updates_decides_the_second_one() {
        mode("Title", "title", SyncMode.ALWAYS_SALESFORCE);
        Contact c = syncedLead("switch");
        org().update("Lead", c.sfLeadId(), Map.of("Title", "First"));
        awaitUpdateDecision(c.sfLeadId(), 1);
        assertThat(after(c).title()).isEqualTo("First");

        mode("Title", "title", SyncMode.ALWAYS_CONVERSION);
        org().update("Lead", c.sfLeadId(), Map.of("Title", "Second"));
        awaitUpdateDecision(c.sfLeadId(), 2);

        assertThat(after(c).title()).isEqualTo("First");
    }

    @Test
    void a_custom_field_reaches_the_contacts_attribute_and_its_provenance_says_salesforce() {
        SALESFORCE.org().addCustomField("Lead", "Grade__c", "string", 20, "Grade");
        mode("Grade__c", "attributes.grade", SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY);
        Contact c = syncedLead("custom");

        org().update("Lead", c.sfLeadId(), Map.of("Grade__c", "A"));
        await().atMost(WAIT).until(() -> "A".equals(after(c).attributes().get("grade")));

        JsonNode fields = rest.withBasicAuth("admin", ADMIN_PASSWORD)
                .getForEntity("/api/contacts/" + c.id() + "/fields", JsonNode.class).getBody().path("fields");
        JsonNode grade = null;
        for (JsonNode f : fields) {
            if (f.path("salesforceField").asText().equals("Grade__c")) {
                grade = f;
            }
        }
        assertThat(grade).isNotNull();
        assertThat(grade.path("value").asText()).isEqualTo("A");
        assertThat(grade.path("salesforceValue").asText()).isEqualTo("A");
        assertThat(grade.path("lastSource").asText()).isEqualTo("SALESFORCE");
        JsonNode view = rest.withBasicAuth("admin", ADMIN_PASSWORD).getForEntity("/api/contacts/" + c.id(),
                JsonNode.class).getBody();
        assertThat(view.path("attributes").path("grade").asText()).isEqualTo("A");
    }
}
