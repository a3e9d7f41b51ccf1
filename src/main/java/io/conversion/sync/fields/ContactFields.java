package io.conversion.sync.fields;

import io.conversion.sync.contacts.Contact;
import java.util.Optional;
import java.util.Set;

/**
 * The Conversion contact fields a mapping can name, read from a {@link Contact} and written to its builder by name:
 * the standard fields, else a custom attribute ({@code attributes.score}, see {@link Attribute}).
 */
public final class ContactFields {

    /** The contact's unique key: a mapped Salesforce value never clears it. */
    public static final String EMAIL = "email";
    public static final Set<String> NAMES = Set.of(EMAIL, "firstName", "lastName", "title", "phone", "companyName");

    private ContactFields() {
    }

    /** Whether a mapping may name this Conversion field. */
    public static boolean isKnown(String field) {
        return NAMES.contains(field) || Attribute.isValid(field);
    }

    public static String get(Contact c, String field) {
        Optional<String> attribute = Attribute.of(field);
        if (attribute.isPresent()) {
            return c.attributes().get(attribute.get());
        }
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
        Optional<String> attribute = Attribute.of(field);
        if (attribute.isPresent()) {
            return b.attribute(attribute.get(), value);
        }
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
        return new IllegalArgumentException("No Conversion contact field " + field + "; known: " + NAMES + " or attributes.<name>");
    }
}
