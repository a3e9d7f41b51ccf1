package io.conversion.sync.emulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.camel.component.salesforce.api.dto.AbstractDescribedSObjectBase;
import org.apache.camel.component.salesforce.api.dto.SObjectDescription;

/**
 * Minimal hand-written Lead DTO for camel-salesforce collection calls in tests. Java field names MUST equal the JSON names
 * ({@code LastName}, not {@code lastName}): camel's FieldsToNullPropertyFilter reads the field by JSON name and, when it
 * cannot, serializes the property even if null - which would null out fields on update.
 */
public class TestLead extends AbstractDescribedSObjectBase {
    private String FirstName;
    private String LastName;
    private String Company;
    private String Email;

    public TestLead() {
        getAttributes().setType("Lead");
    }

    public static TestLead of(String lastName, String company, String email) {
        TestLead l = new TestLead();
        l.setLastName(lastName);
        l.setCompany(company);
        l.setEmail(email);
        return l;
    }

    @JsonProperty("FirstName") public String getFirstName() { return FirstName; }
    @JsonProperty("FirstName") public void setFirstName(String v) { FirstName = v; }
    @JsonProperty("LastName") public String getLastName() { return LastName; }
    @JsonProperty("LastName") public void setLastName(String v) { LastName = v; }
    @JsonProperty("Company") public String getCompany() { return Company; }
    @JsonProperty("Company") public void setCompany(String v) { Company = v; }
    @JsonProperty("Email") public String getEmail() { return Email; }
    @JsonProperty("Email") public void setEmail(String v) { Email = v; }

    @Override
    public SObjectDescription description() {
        return null;
    }
}
