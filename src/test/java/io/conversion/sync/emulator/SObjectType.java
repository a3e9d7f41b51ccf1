package io.conversion.sync.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Field metadata of one emulated sObject type (Lead, Contact, Account): the standard fields with Salesforce's describe
 * types and lengths, plus custom fields added at run time ({@link #addCustomField}). Each field owns a slot in
 * {@link SRecord}'s value array. Field names are case-insensitive, as in Salesforce.
 */
public final class SObjectType {
    /** How the emulator stores and compares a value. */
    public enum FieldType { ID, STRING, EMAIL, BOOLEAN, DATETIME, DATE, NUMBER, REFERENCE, ANY }

    /**
     * One field. {@code describeType} is Salesforce's describe type (string, email, phone, url, picklist, textarea, int,
     * double, currency, percent, boolean, date, datetime, id, reference); {@code length} is the maximum text length (0 =
     * not a text field); {@code slot} is its index in {@link SRecord}.
     */
    public record Field(String name, FieldType type, boolean writable, int slot, String describeType, int length, boolean custom,
                        boolean nillable, String label) {
        boolean text() { return length > 0; }
    }

    static final Set<String> NAME_PARTS = Set.of("Salutation", "FirstName", "LastName");
    private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*__c");

    private final String name;
    private final String keyPrefix;
    private final boolean compoundName;
    private final List<String> required;
    private final Map<String, Field> fields = new ConcurrentHashMap<>(); // lower-case name -> field
    private final List<Field> ordered = new CopyOnWriteArrayList<>();
    private volatile boolean lenientCustomFields = true;

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
    /** All fields, standard first, in slot order. */
    public Collection<Field> fields() { return ordered; }
    int slotCount() { return ordered.size(); }

    /**
     * Field by case-insensitive name, or null if unknown. While custom fields are lenient (the default, see
     * {@link Org#strictCustomFields}), an undeclared {@code X__c} is answered as an untyped text field without a slot
     * (reads give null); {@link #fieldForWrite} declares it.
     */
    public Field field(String fieldName) {
        Field f = fields.get(fieldName.toLowerCase(Locale.ROOT));
        if (f == null && lenientCustomFields && CUSTOM_NAME.matcher(fieldName).matches()) {
            return new Field(fieldName, FieldType.ANY, true, -1, "string", 255, true, true, label(fieldName));
        }
        return f;
    }

    /** Like {@link #field}, but declares an undeclared lenient custom field (text, 255) so it can be stored. */
    synchronized Field fieldForWrite(String fieldName) {
        Field f = field(fieldName);
        if (f != null && f.slot() < 0) f = addCustomField(fieldName, "string", 255, null);
        return f;
    }

    void lenientCustomFields(boolean lenient) { this.lenientCustomFields = lenient; }

    /** Declares a custom field; {@code describeType} as in {@link Field}. Re-declaring an existing field with the same type is a no-op. */
    synchronized Field addCustomField(String fieldName, String describeType, Integer length, String label) {
        if (!CUSTOM_NAME.matcher(fieldName).matches()) {
            throw new ApiException(400, "INVALID_FIELD", "Custom field names end with __c and start with a letter: " + fieldName);
        }
        String dt = describeType == null ? "string" : describeType.toLowerCase(Locale.ROOT);
        FieldType t = switch (dt) {
            case "string", "text", "textarea", "picklist", "multipicklist", "phone", "url", "encryptedstring" -> FieldType.STRING;
            case "email" -> FieldType.EMAIL;
            case "double", "int", "currency", "percent", "number" -> FieldType.NUMBER;
            case "boolean", "checkbox" -> FieldType.BOOLEAN;
            case "date" -> FieldType.DATE;
            case "datetime" -> FieldType.DATETIME;
            case "reference" -> FieldType.REFERENCE;
            default -> throw new ApiException(400, "INVALID_TYPE", "Unsupported custom field type: " + describeType);
        };
        dt = switch (dt) { case "text" -> "string"; case "checkbox" -> "boolean"; case "number" -> "double"; default -> dt; };
        int len = switch (t) {
            case STRING -> length != null ? length : dt.equals("textarea") ? 32768 : 255;
            case EMAIL -> 80;
            case REFERENCE -> 18;
            default -> 0;
        };
        Field existing = fields.get(fieldName.toLowerCase(Locale.ROOT));
        if (existing != null) {
            if (existing.describeType().equals(dt)) return existing;
            throw new ApiException(400, "DUPLICATE_DEVELOPER_NAME", "A field named " + existing.name() + " already exists on " + name);
        }
        return add(new Field(fieldName, t, true, ordered.size(), dt, len, true, t != FieldType.BOOLEAN,
                label == null ? label(fieldName) : label));
    }

    private Field add(Field f) {
        fields.put(f.name().toLowerCase(Locale.ROOT), f);
        ordered.add(f);
        return f;
    }

    /** "MailingPostalCode" -> "Mailing Postal Code", "Score__c" -> "Score": Salesforce uses labels in error messages. */
    static String label(String apiName) {
        String base = apiName.endsWith("__c") ? apiName.substring(0, apiName.length() - 3) : apiName;
        return base.replace('_', ' ').replaceAll("(?<=[a-z])(?=[A-Z])", " ").trim();
    }

    // ------------------------------------------------------------------ standard types

    private SObjectType f(String n, FieldType t, String describeType, int length, boolean writable) {
        boolean nillable = writable && t != FieldType.BOOLEAN && !required.contains(n);
        add(new Field(n, t, writable, ordered.size(), describeType, length, false, nillable, label(n)));
        return this;
    }

    private SObjectType text(String describeType, int length, String... names) {
        for (String n : names) f(n, describeType.equals("email") ? FieldType.EMAIL : FieldType.STRING, describeType, length, true);
        return this;
    }

    private SObjectType system() {
        f("Id", FieldType.ID, "id", 18, false).f("IsDeleted", FieldType.BOOLEAN, "boolean", 0, false)
                .f("MasterRecordId", FieldType.REFERENCE, "reference", 18, false)
                .f("CreatedDate", FieldType.DATETIME, "datetime", 0, false).f("CreatedById", FieldType.REFERENCE, "reference", 18, false)
                .f("LastModifiedDate", FieldType.DATETIME, "datetime", 0, false)
                .f("LastModifiedById", FieldType.REFERENCE, "reference", 18, false)
                .f("SystemModstamp", FieldType.DATETIME, "datetime", 0, false).f("OwnerId", FieldType.REFERENCE, "reference", 18, true);
        return this;
    }

    private SObjectType personName() {
        return text("picklist", 40, "Salutation").text("string", 40, "FirstName").text("string", 80, "LastName")
                .f("Name", FieldType.STRING, "string", 121, false);
    }

    private SObjectType numbers(String... names) {
        for (String n : names) f(n, FieldType.NUMBER, n.equals("NumberOfEmployees") ? "int" : "currency", 0, true);
        return this;
    }

    private SObjectType flags(String... names) {
        for (String n : names) f(n, FieldType.BOOLEAN, "boolean", 0, true);
        return this;
    }

    static Map<String, SObjectType> standardTypes() {
        Map<String, SObjectType> m = new java.util.LinkedHashMap<>();
        SObjectType lead = new SObjectType("Lead", "00Q", true, List.of("LastName", "Company")).system().personName()
                .text("string", 255, "Company").text("email", 80, "Email").text("string", 128, "Title")
                .text("phone", 40, "Phone", "MobilePhone").text("url", 255, "Website")
                .text("picklist", 40, "Status", "LeadSource", "Industry", "Rating").text("textarea", 32000, "Description")
                .text("textarea", 255, "Street").text("string", 40, "City").text("string", 80, "State")
                .text("string", 20, "PostalCode").text("string", 80, "Country")
                .numbers("NumberOfEmployees", "AnnualRevenue").flags("HasOptedOutOfEmail", "DoNotCall")
                .f("IsConverted", FieldType.BOOLEAN, "boolean", 0, false)
                .f("ConvertedContactId", FieldType.REFERENCE, "reference", 18, false)
                .f("ConvertedAccountId", FieldType.REFERENCE, "reference", 18, false)
                .f("ConvertedOpportunityId", FieldType.REFERENCE, "reference", 18, false)
                .f("ConvertedDate", FieldType.DATE, "date", 0, false);
        SObjectType contact = new SObjectType("Contact", "003", true, List.of("LastName")).system().personName()
                .text("email", 80, "Email").text("string", 128, "Title").text("phone", 40, "Phone", "MobilePhone")
                .text("string", 80, "Department").text("picklist", 40, "LeadSource").text("textarea", 32000, "Description")
                .text("textarea", 255, "MailingStreet").text("string", 40, "MailingCity").text("string", 80, "MailingState")
                .text("string", 20, "MailingPostalCode").text("string", 80, "MailingCountry")
                .f("AccountId", FieldType.REFERENCE, "reference", 18, true).f("Birthdate", FieldType.DATE, "date", 0, true)
                .flags("HasOptedOutOfEmail", "DoNotCall");
        SObjectType account = new SObjectType("Account", "001", false, List.of("Name")).system()
                .text("string", 255, "Name").text("url", 255, "Website").text("phone", 40, "Phone")
                .text("picklist", 40, "Industry", "Type").text("textarea", 32000, "Description").text("string", 40, "AccountNumber")
                .text("textarea", 255, "BillingStreet").text("string", 40, "BillingCity").text("string", 80, "BillingState")
                .text("string", 20, "BillingPostalCode").text("string", 80, "BillingCountry")
                .numbers("NumberOfEmployees", "AnnualRevenue").f("ParentId", FieldType.REFERENCE, "reference", 18, true);
        m.put("lead", lead);
        m.put("contact", contact);
        m.put("account", account);
        return m;
    }

    /** Names of all fields, in slot order. */
    List<String> fieldNames() {
        List<String> l = new ArrayList<>();
        ordered.forEach(f -> l.add(f.name()));
        return l;
    }
}
