package io.conversion.sync.salesforce;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fields Leads and Contacts share. LastName is required by Salesforce on both. */
public abstract class SfPerson extends SfRecord {

    private String firstName;
    private String lastName;
    private String email;
    private String title;
    private String phone;

    private final Map<String, String> fields = new LinkedHashMap<>();

    protected SfPerson(String type) {
        super(type);
    }

    /**
     * Sets a field by its API name (standard or custom, e.g. {@code Title}, {@code Score__c}): how a create carries
     * the mapped fields the field map sends. Not for a field also set through its typed setter.
     */
    public SfPerson put(String salesforceField, String value) {
        fields.put(salesforceField, value);
        return this;
    }

    @JsonAnyGetter
    public Map<String, String> getFields() {
        return Collections.unmodifiableMap(fields);
    }

    @JsonProperty("FirstName")
    public String getFirstName() {
        return firstName;
    }

    @JsonProperty("FirstName")
    public void setFirstName(String firstName) {
        this.firstName = firstName;
    }

    @JsonProperty("LastName")
    public String getLastName() {
        return lastName;
    }

    @JsonProperty("LastName")
    public void setLastName(String lastName) {
        this.lastName = lastName;
    }

    @JsonProperty("Email")
    public String getEmail() {
        return email;
    }

    @JsonProperty("Email")
    public void setEmail(String email) {
        this.email = email;
    }

    @JsonProperty("Title")
    public String getTitle() {
        return title;
    }

    @JsonProperty("Title")
    public void setTitle(String title) {
        this.title = title;
    }

    @JsonProperty("Phone")
    public String getPhone() {
        return phone;
    }

    @JsonProperty("Phone")
    public void setPhone(String phone) {
        this.phone = phone;
    }
}
