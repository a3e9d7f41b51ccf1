package io.conversion.sync.fields;

import io.conversion.sync.contacts.Contact;
import java.util.Set;

/** The Conversion contact fields a mapping can name, read from a {@link Contact} and written to its builder by name. */
public final class ContactFields {

    /** The contact's unique key: a mapped Salesforce value never clears it. */
    public static final String EMAIL = "email";
    public static final Set<String> NAMES = Set.of(EMAIL, "firstName", "lastName", "title", "phone", "companyName");

    private ContactFields() {
    }

    public static String get(Contact c, String field) {
        return switch (field) {
            case EMAIL -> c.email();
            case "firstName" -> c.firstName();
            case "lastName" -> c.lastName();
            case "title" -> c.title();
            case "phone" -> c.phone();
            case "companyName" -> c.companyName();
            default -> throw unknown(field);
        };
    }

    public static Contact.Builder set(Contact.Builder b, String field, String value) {
        return switch (field) {
            case EMAIL -> b.email(value);
            case "firstName" -> b.firstName(value);
            case "lastName" -> b.lastName(value);
            case "title" -> b.title(value);
            case "phone" -> b.phone(value);
            case "companyName" -> b.companyName(value);
            default -> throw unknown(field);
        };
    }

    private static IllegalArgumentException unknown(String field) {
        return new IllegalArgumentException("No Conversion contact field " + field + "; known: " + NAMES);
    }
}
