package io.conversion.sync.outbound;

/** Escaping of user data placed in SOQL string literals, so that no value can change the query. */
public final class Soql {

    private Soql() {
    }

    /** A string literal's content: backslash and quotes escaped. */
    public static String literal(String value) {
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

    /** A LIKE pattern's literal part: as {@link #literal} plus the wildcards % and _ taken literally. */
    public static String likeLiteral(String value) {
        return literal(value).replace("%", "\\%").replace("_", "\\_");
    }
}
