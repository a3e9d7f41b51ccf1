package io.conversion.sync.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Field metadata of one emulated sObject type (Lead, Contact, Account). */
public final class SObjectType {
    public enum FieldType { ID, STRING, EMAIL, BOOLEAN, DATETIME, DATE, NUMBER, REFERENCE, ANY }

    public record Field(String name, FieldType type, boolean writable) {
    }

    static final Set<String> NAME_PARTS = Set.of("Salutation", "FirstName", "LastName");

    private final String name;
    private final String keyPrefix;
    private final boolean compoundName;
    private final List<String> required;
    private final Map<String, Field> fields = new LinkedHashMap<>(); // lower-case name -> field

    private SObjectType(String name, String keyPrefix, boolean compoundName, List<String> required) {
        this.name = name;
        this.keyPrefix = keyPrefix;
        this.compoundName = compoundName;
        this.required = required;
    }

    public String name() { return name; }
    public String keyPrefix() { return keyPrefix; }
    public boolean compoundName() { return compoundName; }
    public List<String> required() { return required; }
    public Collection<Field> fields() { return fields.values(); }

    /** Field by case-insensitive name; any {@code *__c} name is accepted as a custom field; null if unknown. */
    public Field field(String fieldName) {
        Field f = fields.get(fieldName.toLowerCase(Locale.ROOT));
        if (f == null && fieldName.toLowerCase(Locale.ROOT).endsWith("__c") && fieldName.length() > 3
                && fieldName.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
            return new Field(fieldName, FieldType.ANY, true);
        }
        return f;
    }

    private SObjectType add(String n, FieldType t, boolean writable) {
        fields.put(n.toLowerCase(Locale.ROOT), new Field(n, t, writable));
        return this;
    }

    private SObjectType rw(FieldType t, String... names) {
        for (String n : names) add(n, t, true);
        return this;
    }

    private SObjectType ro(FieldType t, String... names) {
        for (String n : names) add(n, t, false);
        return this;
    }

    private SObjectType system() {
        ro(FieldType.ID, "Id").ro(FieldType.BOOLEAN, "IsDeleted")
                .ro(FieldType.DATETIME, "CreatedDate").ro(FieldType.REFERENCE, "CreatedById")
                .ro(FieldType.DATETIME, "LastModifiedDate").ro(FieldType.REFERENCE, "LastModifiedById")
                .ro(FieldType.DATETIME, "SystemModstamp").rw(FieldType.REFERENCE, "OwnerId");
        return this;
    }

    static Map<String, SObjectType> standardTypes() {
        Map<String, SObjectType> m = new LinkedHashMap<>();
        SObjectType lead = new SObjectType("Lead", "00Q", true, List.of("LastName", "Company")).system()
                .rw(FieldType.STRING, "Salutation", "FirstName", "LastName").ro(FieldType.STRING, "Name")
                .rw(FieldType.STRING, "Company").rw(FieldType.EMAIL, "Email")
                .rw(FieldType.STRING, "Title", "Phone", "MobilePhone", "Website", "Status", "LeadSource", "Industry",
                        "Rating", "Description", "Street", "City", "State", "PostalCode", "Country")
                .rw(FieldType.NUMBER, "NumberOfEmployees", "AnnualRevenue")
                .rw(FieldType.BOOLEAN, "HasOptedOutOfEmail", "DoNotCall")
                .ro(FieldType.BOOLEAN, "IsConverted")
                .ro(FieldType.REFERENCE, "ConvertedContactId", "ConvertedAccountId", "ConvertedOpportunityId")
                .ro(FieldType.DATE, "ConvertedDate");
        SObjectType contact = new SObjectType("Contact", "003", true, List.of("LastName")).system()
                .rw(FieldType.STRING, "Salutation", "FirstName", "LastName").ro(FieldType.STRING, "Name")
                .rw(FieldType.EMAIL, "Email")
                .rw(FieldType.STRING, "Title", "Phone", "MobilePhone", "Department", "LeadSource", "Description",
                        "MailingStreet", "MailingCity", "MailingState", "MailingPostalCode", "MailingCountry")
                .rw(FieldType.REFERENCE, "AccountId").rw(FieldType.DATE, "Birthdate")
                .rw(FieldType.BOOLEAN, "HasOptedOutOfEmail", "DoNotCall");
        SObjectType account = new SObjectType("Account", "001", false, List.of("Name")).system()
                .rw(FieldType.STRING, "Name", "Website", "Phone", "Industry", "Description", "Type", "AccountNumber",
                        "BillingStreet", "BillingCity", "BillingState", "BillingPostalCode", "BillingCountry")
                .rw(FieldType.NUMBER, "NumberOfEmployees", "AnnualRevenue").rw(FieldType.REFERENCE, "ParentId");
        m.put("lead", lead);
        m.put("contact", contact);
        m.put("account", account);
        return m;
    }

    /** Names of all standard fields, in declaration order. */
    List<String> fieldNames() {
        List<String> l = new ArrayList<>();
        fields.values().forEach(f -> l.add(f.name()));
        return l;
    }
}
