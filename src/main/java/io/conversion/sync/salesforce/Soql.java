package io.conversion.sync.salesforce;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * SOQL text built from values we did not write ourselves (emails, domains, ids from events): every value is
 * escaped as SOQL requires, so that no value can change the query.
 */
public final class Soql {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Soql() {
    }

    /** A quoted string literal: {@code o'brien} → {@code 'o\'brien'}. */
    public static String literal(String value) {
        return "'" + escape(value) + "'";
    }

    /** A string literal's content: backslash, quotes and control characters escaped. */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A LIKE pattern's literal part: as {@link #escape} plus the wildcards % and _ taken literally. */
    public static String likeEscape(String value) {
        return escape(value).replace("%", "\\%").replace("_", "\\_");
    }

    /** {@code ('a', 'b')}, each value a quoted literal. */
    public static String inList(Collection<String> values) {
        return values.stream().map(Soql::literal).collect(Collectors.joining(", ", "(", ")"));
    }

    /** A date-time literal (unquoted in SOQL). */
    public static String dateTime(long epochMillis) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
