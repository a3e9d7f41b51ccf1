package io.conversion.sync.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The field map: seeded from application.yaml into field_mapping, loaded and validated. */
class FieldMapTest extends SyncTestSupport {

    @Autowired
    FieldMap fieldMap;
    @Autowired
    FieldsProperties properties;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void the_defaults_of_application_yaml_are_stored_once_and_loaded_per_object() {
        assertThat(jdbc.sql("select count(*) from field_mapping").query(Long.class).single())
                .isEqualTo(properties.defaults().size());
        assertThat(fieldMap.salesforceFields(SyncedObject.LEAD))
                .containsExactly("Email", "FirstName", "LastName", "Title", "Phone", "Company");
        assertThat(fieldMap.salesforceFields(SyncedObject.CONTACT))
                .containsExactly("Email", "FirstName", "LastName", "Title", "Phone");
        assertThat(fieldMap.of(SyncedObject.ACCOUNT)).containsExactly(
                new FieldMapping(SyncedObject.ACCOUNT, "Name", "name"),
                new FieldMapping(SyncedObject.ACCOUNT, "Website", "domain"));
        assertThat(fieldMap.salesforceField(SyncedObject.CONTACT, ContactFields.EMAIL)).contains("Email");
        assertThat(fieldMap.salesforceField(SyncedObject.CONTACT, "companyName")).isEmpty();
    }

    @Test
    void a_restart_keeps_the_stored_map_instead_of_the_defaults() {
        // The database is the source of truth: a second bean over the same table does not seed again.
        var again = new FieldMap(new FieldMappingRepository(jdbc, Clock.systemUTC()),
                new FieldsProperties(List.of(new FieldMapping(SyncedObject.LEAD, "Email", "email"),
                        new FieldMapping(SyncedObject.CONTACT, "Email", "email"))),
                new TransactionTemplate(new JdbcTransactionManager(dataSource)));
        again.afterPropertiesSet();
        assertThat(again.salesforceFields(SyncedObject.LEAD)).hasSize(6);
        assertThat(jdbc.sql("select count(*) from field_mapping").query(Long.class).single())
                .isEqualTo(properties.defaults().size());
    }

    @Test
    void a_conversion_field_that_does_not_exist_is_refused() {
        assertThatThrownBy(() -> FieldMap.validate(with(new FieldMapping(SyncedObject.LEAD, "Industry", "industry"))))
                .isInstanceOf(InvalidFieldMapException.class).hasMessageContaining("no field industry");
        assertThatThrownBy(() -> FieldMap.validate(with(new FieldMapping(SyncedObject.ACCOUNT, "Phone", "title"))))
                .isInstanceOf(InvalidFieldMapException.class).hasMessageContaining("company has no field title");
    }

    @Test
    void a_salesforce_field_mapped_twice_or_two_fields_on_one_conversion_field_are_refused() {
        assertThatThrownBy(() -> FieldMap.validate(with(new FieldMapping(SyncedObject.LEAD, "title", "phone"))))
                .isInstanceOf(InvalidFieldMapException.class).hasMessageContaining("Lead.title is mapped twice");
        assertThatThrownBy(() -> FieldMap.validate(with(new FieldMapping(SyncedObject.LEAD, "MobilePhone", "phone"))))
                .isInstanceOf(InvalidFieldMapException.class)
                .hasMessageContaining("two Salesforce fields of Lead map to phone");
    }

    @Test
    void a_person_object_without_email_is_refused() {
        List<FieldMapping> noContactEmail = new ArrayList<>(properties.defaults());
        noContactEmail.removeIf(m -> m.object() == SyncedObject.CONTACT && m.conversionField().equals("email"));
        assertThatThrownBy(() -> FieldMap.validate(noContactEmail)).isInstanceOf(InvalidFieldMapException.class)
                .hasMessageContaining("Contact maps no Salesforce field to email");
        assertThat(FieldMap.validate(properties.defaults())).containsOnlyKeys(SyncedObject.values());
    }

    @Test
    void email_set_to_do_not_sync_is_refused() {
        assertThatThrownBy(() -> FieldMap.validate(properties.defaults().stream()
                .map(m -> m.conversionField().equals("email") && m.object() == SyncedObject.LEAD
                        ? m.withMode(SyncMode.DO_NOT_SYNC) : m).toList()))
                .isInstanceOf(InvalidFieldMapException.class).hasMessageContaining("DO_NOT_SYNC")
                .hasMessageContaining("email");
    }

    @Test
    void a_custom_attribute_may_be_mapped_but_only_with_a_valid_name() {
        assertThat(FieldMap.validate(with(new FieldMapping(SyncedObject.LEAD, "Score__c", "attributes.score",
                SyncMode.TWO_WAY))).get(SyncedObject.LEAD)).extracting(FieldMapping::conversionField)
                .contains("attributes.score");
        assertThatThrownBy(() -> FieldMap.validate(with(new FieldMapping(SyncedObject.LEAD, "Score__c",
                "attributes.9 bad")))).isInstanceOf(InvalidFieldMapException.class)
                .hasMessageContaining("attributes.9 bad");
    }

    @Test
    void a_mapping_without_a_mode_gets_the_default_mode() {
        assertThat(new FieldMapping(SyncedObject.LEAD, "Title", "title").mode())
                .isEqualTo(SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY);
        assertThat(fieldMap.all()).allMatch(m -> m.mode() == SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY);
    }

    private List<FieldMapping> with(FieldMapping extra) {
        List<FieldMapping> all = new ArrayList<>(properties.defaults());
        all.add(extra);
        return all;
    }
}
