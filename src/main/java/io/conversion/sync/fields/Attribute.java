package io.conversion.sync.fields;

import java.util.Optional;
import java.util.regex.Pattern;

/** Conversion field names of custom attributes: {@code attributes.score} names the attribute {@code score}. */
public final class Attribute {

    public static final String PREFIX = "attributes.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private Attribute() {
    }

    /** The attribute a Conversion field names, if it names one. */
    public static Optional<String> of(String conversionField) {
        return conversionField != null && conversionField.startsWith(PREFIX)
                ? Optional.of(conversionField.substring(PREFIX.length())) : Optional.empty();
    }

    /** Whether a Conversion field names a custom attribute with a valid name (a letter, then letters, digits, _). */
    public static boolean isValid(String conversionField) {
        return of(conversionField).filter(n -> NAME.matcher(n).matches()).isPresent();
    }

    public static String field(String name) {
        return PREFIX + name;
    }
}
