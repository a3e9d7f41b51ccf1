package io.conversion.sync.inbound;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.stream.Collectors;

/** SOQL text built from values we did not write ourselves: every literal is quoted and escaped. */
final class Soql {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Soql() {
    }

    /** A string literal: backslash and quote escaped as SOQL requires, control characters escaped too. */
    static String literal(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
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
        return sb.append('\'').toString();
    }

    static String inList(Collection<String> values) {
        return values.stream().map(Soql::literal).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Date-time literals are unquoted in SOQL. */
    static String dateTime(long epochMillis) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
