package io.conversion.sync.fields;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.fields.FieldState.Source;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** field_state rows (provenance) and the attributes column, through the real database. */
class FieldStateRepositoryTest extends SyncTestSupport {

    @Autowired
    FieldStateRepository states;
    @Autowired
    ContactRepository contacts;
    @Autowired
    CompanyRepository companies;

    @Test
    void states_are_inserted_then_updated_by_the_batched_upsert_and_read_per_batch() {
        long a = System.nanoTime();
        long b = a + 1;
        FieldState title = FieldState.empty(Target.CONTACT, a, "title").salesforceSeen("VP", 100L, true);
        FieldState score = FieldState.empty(Target.CONTACT, a, "attributes.score").conversionChanged(200L);
        FieldState other = FieldState.empty(Target.CONTACT, b, "title").salesforceSeen(null, 300L, false);
        states.saveAll(List.of(title, score, other));

        Map<Long, Map<String, FieldState>> read = states.findAll(Target.CONTACT, List.of(a, b, b + 1));
        assertThat(read).containsOnlyKeys(a, b);
        assertThat(read.get(a).get("title")).isEqualTo(
                new FieldState(Target.CONTACT, a, "title", "VP", 100L, null, Source.SALESFORCE, 100L));
        assertThat(read.get(a).get("attributes.score").lastSource()).isEqualTo(Source.CONVERSION);
        assertThat(read.get(b).get("title").lastSource()).isNull();
        assertThat(read.get(b).get("title").sfChangedAt()).isEqualTo(300L);

        states.saveAll(List.of(read.get(a).get("title").conversionChanged(400L)));
        FieldState updated = states.find(Target.CONTACT, a).get("title");
        assertThat(updated).isEqualTo(
                new FieldState(Target.CONTACT, a, "title", "VP", 100L, 400L, Source.CONVERSION, 400L));
        assertThat(states.find(Target.COMPANY, a)).isEmpty();
    }

    @Test
    void a_long_salesforce_value_is_kept_to_the_column_length() {
        long id = System.nanoTime();
        states.saveAll(List.of(FieldState.empty(Target.COMPANY, id, "attributes.notes")
                .salesforceSeen("x".repeat(5000), 1L, true)));
        assertThat(states.find(Target.COMPANY, id).get("attributes.notes").sfValue()).hasSize(4000);
    }

    @Test
    void contact_and_company_attributes_round_trip_through_the_attributes_column() {
        String email = UUID.randomUUID() + "@attributes.example";
        Contact c = contacts.insert(Contact.builder().email(email).source("FORM")
                .attribute("score", "42").attribute("tier", "gold").build());
        assertThat(c.attributes()).containsExactly(Map.entry("score", "42"), Map.entry("tier", "gold"));
        contacts.update(c.toBuilder().attribute("tier", null).build());
        assertThat(contacts.findById(c.id()).orElseThrow().attributes()).containsExactly(Map.entry("score", "42"));
        assertThat(ContactFields.get(contacts.findById(c.id()).orElseThrow(), "attributes.score")).isEqualTo("42");

        Company co = companies.insert(new Company(null, "Attr Co", null, true, null));
        assertThat(co.attributes()).isEmpty();
        companies.updateAttributes(co.id(), Map.of("industry", "Energy"));
        assertThat(CompanyFields.get(companies.findById(co.id()).orElseThrow(), "attributes.industry"))
                .isEqualTo("Energy");
    }
}
