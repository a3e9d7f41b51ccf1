package io.conversion.sync.fields;

import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import io.conversion.sync.web.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Per-field provenance of one Conversion contact or company: for each mapped field, the value Conversion holds, its
 * mode, the last Salesforce value the service saw and when Salesforce committed it, when Conversion last changed it,
 * and which system made the current value ({@code field_state}). Answers "why does this field hold that value?".
 */
@RestController
class FieldProvenanceController {

    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final FieldStateRepository states;
    private final FieldMap fields;

    FieldProvenanceController(ContactRepository contacts, CompanyRepository companies, FieldStateRepository states,
            FieldMap fields) {
        this.contacts = contacts;
        this.companies = companies;
        this.states = states;
        this.fields = fields;
    }

    /** The contact's fields as its linked object maps them (a Contact over a Lead; both while it is not linked). */
    @GetMapping(path = "/api/contacts/{id}/fields", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> contact(@PathVariable long id) {
        Contact c = contacts.findById(id).orElseThrow(() -> new NotFoundException("No contact with id " + id));
        List<SyncedObject> objects = c.sfContactId() != null ? List.of(SyncedObject.CONTACT)
                : c.sfLeadId() != null ? List.of(SyncedObject.LEAD) : List.of(SyncedObject.LEAD, SyncedObject.CONTACT);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("contactId", c.id());
        v.put("email", c.email());
        v.put("fields", rows(Target.CONTACT, id, objects, f -> ContactFields.get(c, f)));
        return v;
    }

    @GetMapping(path = "/api/companies/{id}/fields", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> company(@PathVariable long id) {
        Company c = companies.findById(id).orElseThrow(() -> new NotFoundException("No company with id " + id));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("companyId", c.id());
        v.put("name", c.name());
        v.put("fields", rows(Target.COMPANY, id, List.of(SyncedObject.ACCOUNT), f -> CompanyFields.get(c, f)));
        return v;
    }

    private List<Map<String, Object>> rows(Target target, long id, List<SyncedObject> objects,
            Function<String, String> value) {
        Map<String, FieldState> byField = states.find(target, id);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SyncedObject o : objects) {
            for (FieldMapping m : fields.of(o)) {
                FieldState s = byField.getOrDefault(m.conversionField(), FieldState.empty(target, id,
                        m.conversionField()));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("object", o.sfName());
                row.put("salesforceField", m.salesforceField());
                row.put("conversionField", m.conversionField());
                row.put("mode", m.mode().name());
                row.put("value", value.apply(m.conversionField()));
                row.put("salesforceValue", s.sfValue());
                row.put("salesforceChangedAt", time(s.sfChangedAt()));
                row.put("conversionChangedAt", time(s.conversionChangedAt()));
                row.put("lastSource", s.lastSource() == null ? null : s.lastSource().name());
                row.put("lastChangedAt", time(s.lastChangedAt()));
                rows.add(row);
            }
        }
        return rows;
    }

    private static String time(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
