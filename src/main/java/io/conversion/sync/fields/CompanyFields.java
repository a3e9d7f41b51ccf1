package io.conversion.sync.fields;

import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.Domains;
import java.util.Optional;
import java.util.Set;

/**
 * The Conversion company fields a mapping can name, read from a {@link Company} by name: the standard fields, else a
 * custom attribute ({@code attributes.industry}, see {@link Attribute}).
 */
public final class CompanyFields {

    public static final String NAME = "name";
    /** Derived from the mapped Salesforce value (an Account's Website): {@code https://www.acme.com/x} is acme.com. */
    public static final String DOMAIN = "domain";
    public static final Set<String> NAMES = Set.of(NAME, DOMAIN);

    private CompanyFields() {
    }

    /** Whether a mapping may name this Conversion field. */
    public static boolean isKnown(String field) {
        return NAMES.contains(field) || Attribute.isValid(field);
    }

    public static String get(Company c, String field) {
        Optional<String> attribute = Attribute.of(field);
        if (attribute.isPresent()) {
            return c.attributes().get(attribute.get());
        }
        return switch (field) {
            case NAME -> c.name();
            case DOMAIN -> c.domain();
            default -> throw unknown(field);
        };
    }

    /** The value a Conversion field takes from a Salesforce value (null: cleared). */
    public static String fromSalesforce(String field, String salesforceValue) {
        if (Attribute.of(field).isPresent()) {
            return salesforceValue;
        }
        return switch (field) {
            case NAME -> salesforceValue;
            case DOMAIN -> Domains.fromWebsite(salesforceValue).orElse(null);
            default -> throw unknown(field);
        };
    }

    private static IllegalArgumentException unknown(String field) {
        return new IllegalArgumentException("No Conversion company field " + field + "; known: " + NAMES + " or attributes.<name>");
    }
}
