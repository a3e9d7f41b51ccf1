package io.conversion.sync.emulator;

import io.conversion.sync.emulator.SObjectType.Field;
import io.conversion.sync.emulator.SObjectType.FieldType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SOQL subset: {@code SELECT f1, f2 | COUNT() FROM Type [WHERE ...] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...]
 * [LIMIT n] [OFFSET n]} with = != <> < > <= >= LIKE IN NOT IN AND OR NOT, parentheses and string/number/boolean/null/date literals.
 * Errors are {@link ApiException}s worded like Salesforce's.
 */
public final class SoqlQuery {
    private final String soql;
    final SObjectType type;
    final List<Field> fields;
    final boolean count;
    private final Predicate<Map<String, Object>> where;
    private final List<Comparator<Map<String, Object>>> orderBy;
    final Integer limit;
    final Integer offset;

    private SoqlQuery(String soql, SObjectType type, List<Field> fields, boolean count, Predicate<Map<String, Object>> where,
                      List<Comparator<Map<String, Object>>> orderBy, Integer limit, Integer offset) {
        this.soql = soql;
        this.type = type;
        this.fields = fields;
        this.count = count;
        this.where = where;
        this.orderBy = orderBy;
        this.limit = limit;
        this.offset = offset;
    }

    public static SoqlQuery parse(String soql, Function<String, SObjectType> types) {
        return parse(soql, types, java.time.Clock.systemUTC());
    }

    /** Parses with {@code clock} giving TODAY for date literals (the org's time zone is UTC). */
    public static SoqlQuery parse(String soql, Function<String, SObjectType> types, java.time.Clock clock) {
        return new Parser(soql, types, LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)).parse();
    }

    /** A SOQL date literal (TODAY, LAST_N_DAYS:n, ...): the days [start, end), compared as Salesforce does with ranges. */
    record DateRange(LocalDate start, LocalDate end) {
        boolean contains(Object v) { return compareValues(v, start) >= 0 && compareValues(v, end) < 0; }
    }

    private static final Pattern DATE_LITERAL = Pattern.compile("(?i)(TODAY|YESTERDAY|TOMORROW|THIS_MONTH|LAST_MONTH|NEXT_MONTH|THIS_YEAR|LAST_YEAR"
            + "|LAST_N_DAYS:\\d+|NEXT_N_DAYS:\\d+|N_DAYS_AGO:\\d+)");

    static DateRange dateRange(String literal, LocalDate today) {
        String l = literal.toUpperCase(Locale.ROOT);
        int colon = l.indexOf(':');
        int n = colon < 0 ? 0 : Integer.parseInt(l.substring(colon + 1));
        LocalDate month = today.withDayOfMonth(1);
        LocalDate year = today.withDayOfYear(1);
        return switch (colon < 0 ? l : l.substring(0, colon)) {
            case "TODAY" -> new DateRange(today, today.plusDays(1));
            case "YESTERDAY" -> new DateRange(today.minusDays(1), today);
            case "TOMORROW" -> new DateRange(today.plusDays(1), today.plusDays(2));
            case "LAST_N_DAYS" -> new DateRange(today.minusDays(n), today.plusDays(1));
            case "NEXT_N_DAYS" -> new DateRange(today.plusDays(1), today.plusDays(1 + n));
            case "N_DAYS_AGO" -> new DateRange(today.minusDays(n), today.minusDays(n - 1));
            case "THIS_MONTH" -> new DateRange(month, month.plusMonths(1));
            case "LAST_MONTH" -> new DateRange(month.minusMonths(1), month);
            case "NEXT_MONTH" -> new DateRange(month.plusMonths(1), month.plusMonths(2));
            case "THIS_YEAR" -> new DateRange(year, year.plusYears(1));
            case "LAST_YEAR" -> new DateRange(year.minusYears(1), year);
            default -> throw new IllegalArgumentException(literal);
        };
    }

    /** Filters, sorts, offsets and limits records (typed values incl. computed Name). */
    public List<Map<String, Object>> apply(List<Map<String, Object>> records) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : records) {
            if (where.test(r)) out.add(r);
        }
        if (!orderBy.isEmpty()) {
            Comparator<Map<String, Object>> c = orderBy.get(0);
            for (int i = 1; i < orderBy.size(); i++) c = c.thenComparing(orderBy.get(i));
            out.sort(c);
        }
        int from = offset == null ? 0 : Math.min(offset, out.size());
        int to = limit == null ? out.size() : Math.min(out.size(), from + limit);
        return new ArrayList<>(out.subList(from, to));
    }

    public String soql() { return soql; }

    // ------------------------------------------------------------------ values

    static int compareValues(Object a, Object b) {
        if (a instanceof String s && b instanceof String t) return s.compareToIgnoreCase(t);
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) return x.compareTo(y);
        if (a instanceof Instant x && b instanceof Instant y) return x.compareTo(y);
        if (a instanceof Instant x && b instanceof LocalDate y) return x.compareTo(y.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        if (a instanceof LocalDate x && b instanceof LocalDate y) return x.compareTo(y);
        if (a instanceof LocalDate x && b instanceof Instant y) return x.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().compareTo(y);
        if (a instanceof Boolean x && b instanceof Boolean y) return x.compareTo(y);
        return a.toString().compareToIgnoreCase(b.toString());
    }

    static boolean equalValues(Object a, Object b) {
        if (a == null || b == null) return a == null && b == null;
        if (a instanceof String s && b instanceof String t) {
            String na = IdGenerator.normalize(s), nb = IdGenerator.normalize(t);
            if (na != null && nb != null && s.length() != t.length()) return na.equals(nb);
            return s.equalsIgnoreCase(t);
        }
        return compareValues(a, b) == 0;
    }

    // ------------------------------------------------------------------ tokenizer

    private enum Kind { WORD, STRING, NUMBER, DATETIME, DATE, SYMBOL, EOF }

    private record Token(Kind kind, String text, Object value, String likeRegex, int pos) {
        boolean is(String word) {
            return (kind == Kind.WORD || kind == Kind.SYMBOL) && text.equalsIgnoreCase(word);
        }
    }

    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private static final class Parser {
        private final String soql;
        private final Function<String, SObjectType> types;
        private final List<Token> tokens = new ArrayList<>();
        private int p;
        private SObjectType type;
        private final LocalDate today;

        Parser(String soql, Function<String, SObjectType> types, LocalDate today) {
            this.soql = soql;
            this.types = types;
            this.today = today;
            tokenize();
        }

        private ApiException error(String code, int pos, String detail) {
            int row = 1, col = 1, lineStart = 0;
            for (int i = 0; i < pos && i < soql.length(); i++) {
                if (soql.charAt(i) == '\n') { row++; col = 1; lineStart = i + 1; } else col++;
            }
            int lineEnd = soql.indexOf('\n', lineStart);
            String line = soql.substring(lineStart, lineEnd < 0 ? soql.length() : lineEnd);
            return new ApiException(400, code, "\n" + line + "\n" + " ".repeat(col - 1) + "^\nERROR at Row:" + row + ":Column:" + col + "\n" + detail);
        }

        private ApiException unexpected(Token t) {
            return error("MALFORMED_QUERY", t.pos(), "unexpected token: '" + (t.kind() == Kind.EOF ? "<EOF>" : t.text()) + "'");
        }

        private void tokenize() {
            int i = 0;
            int n = soql.length();
            while (i < n) {
                char c = soql.charAt(i);
                if (Character.isWhitespace(c)) { i++; continue; }
                int start = i;
                if (c == '\'') {
                    StringBuilder value = new StringBuilder();
                    StringBuilder like = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char d = soql.charAt(i);
                        if (d == '\'') { closed = true; i++; break; }
                        if (d == '\\') {
                            if (i + 1 >= n) break;
                            char e = soql.charAt(i + 1);
                            char lit;
                            switch (e) {
                                case '\'', '"', '\\' -> lit = e;
                                case 'n' -> lit = '\n';
                                case 'r' -> lit = '\r';
                                case 't' -> lit = '\t';
                                case 'b' -> lit = '\b';
                                case 'f' -> lit = '\f';
                                case '%', '_' -> lit = e;
                                default -> throw error("MALFORMED_QUERY", i, "Invalid string literal '" + soql.substring(start, Math.min(n, i + 2))
                                        + "'. Illegal character sequence '\\" + e + "' in string literal.");
                            }
                            value.append(lit);
                            like.append(Pattern.quote(String.valueOf(lit)));
                            i += 2;
                            continue;
                        }
                        value.append(d);
                        like.append(d == '%' ? ".*" : d == '_' ? "." : Pattern.quote(String.valueOf(d)));
                        i++;
                    }
                    if (!closed) throw error("MALFORMED_QUERY", start, "line 1:" + start + " mismatched character '<EOF>' expecting '''");
                    tokens.add(new Token(Kind.STRING, soql.substring(start, i), value.toString(), like.toString(), start));
                    continue;
                }
                if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(soql.charAt(i + 1)))) {
                    Matcher m = DATETIME.matcher(soql).region(i, n);
                    if (m.lookingAt()) {
                        tokens.add(new Token(Kind.DATETIME, m.group(), SfDates.parseDateTime(m.group()), null, i));
                        i = m.end();
                        continue;
                    }
                    m = DATE.matcher(soql).region(i, n);
                    if (m.lookingAt()) {
                        tokens.add(new Token(Kind.DATE, m.group(), LocalDate.parse(m.group()), null, i));
                        i = m.end();
                        continue;
                    }
                    m = NUMBER.matcher(soql).region(i, n);
                    if (m.lookingAt()) {
                        tokens.add(new Token(Kind.NUMBER, m.group(), new BigDecimal(m.group()), null, i));
                        i = m.end();
                        continue;
                    }
                }
                if (Character.isLetter(c) || c == '_') {
                    while (i < n && (Character.isLetterOrDigit(soql.charAt(i)) || soql.charAt(i) == '_' || soql.charAt(i) == '.')) i++;
                    if (i < n && soql.charAt(i) == ':' && i + 1 < n && Character.isDigit(soql.charAt(i + 1))) {
                        i++;
                        while (i < n && Character.isDigit(soql.charAt(i))) i++;
                    }
                    tokens.add(new Token(Kind.WORD, soql.substring(start, i), null, null, start));
                    continue;
                }
                String two = i + 1 < n ? soql.substring(i, i + 2) : "";
                if (two.equals("!=") || two.equals("<>") || two.equals("<=") || two.equals(">=")) {
                    tokens.add(new Token(Kind.SYMBOL, two, null, null, i));
                    i += 2;
                    continue;
                }
                if ("(),=<>".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), null, null, i));
                    i++;
                    continue;
                }
                throw error("MALFORMED_QUERY", i, "unexpected token: '" + c + "'");
            }
            tokens.add(new Token(Kind.EOF, "", null, null, n));
        }

        private Token peek() { return tokens.get(p); }
        private Token next() { return tokens.get(p++); }

        private Token expect(String word) {
            Token t = next();
            if (!t.is(word)) throw unexpected(t);
            return t;
        }

        private boolean accept(String word) {
            if (peek().is(word)) { p++; return true; }
            return false;
        }

        SoqlQuery parse() {
            expect("SELECT");
            boolean count = false;
            List<Token> fieldTokens = new ArrayList<>();
            if (peek().is("COUNT") && tokens.get(p + 1).is("(")) {
                p += 2;
                expect(")");
                count = true;
            } else {
                do {
                    Token t = next();
                    if (t.kind() != Kind.WORD || isKeyword(t)) throw unexpected(t);
                    fieldTokens.add(t);
                } while (accept(","));
            }
            expect("FROM");
            Token typeToken = next();
            if (typeToken.kind() != Kind.WORD) throw unexpected(typeToken);
            type = types.apply(typeToken.text());
            if (type == null) {
                throw error("INVALID_TYPE", typeToken.pos(), "sObject type '" + typeToken.text() + "' is not supported. If you are attempting to use a custom object, "
                        + "be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.");
            }
            List<Field> fields = new ArrayList<>();
            for (Token t : fieldTokens) fields.add(field(t));
            Predicate<Map<String, Object>> where = r -> true;
            if (accept("WHERE")) where = orExpr();
            List<Comparator<Map<String, Object>>> order = new ArrayList<>();
            if (accept("ORDER")) {
                expect("BY");
                do order.add(orderItem()); while (accept(","));
            }
            Integer limit = null, offset = null;
            if (accept("LIMIT")) limit = intLiteral();
            if (accept("OFFSET")) offset = intLiteral();
            Token end = next();
            if (end.kind() != Kind.EOF) throw unexpected(end);
            return new SoqlQuery(soql, type, fields, count, where, order, limit, offset);
        }

        private boolean isKeyword(Token t) {
            return List.of("FROM", "WHERE", "SELECT", "ORDER", "LIMIT", "OFFSET").stream().anyMatch(t::is);
        }

        private int intLiteral() {
            Token t = next();
            if (t.kind() != Kind.NUMBER || t.text().contains(".") || t.text().startsWith("-")) throw unexpected(t);
            return Integer.parseInt(t.text());
        }

        private Field field(Token t) {
            Field f = type.field(t.text());
            if (f == null) {
                throw error("INVALID_FIELD", t.pos(), "No such column '" + t.text() + "' on entity '" + type.name() + "'. If you are attempting to use a custom field, "
                        + "be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.");
            }
            return f;
        }

        private Comparator<Map<String, Object>> orderItem() {
            Token t = next();
            if (t.kind() != Kind.WORD) throw unexpected(t);
            Field f = field(t);
            boolean desc = false;
            if (accept("DESC")) desc = true; else accept("ASC");
            boolean nullsFirst = !desc;
            if (accept("NULLS")) {
                if (accept("FIRST")) nullsFirst = true;
                else { expect("LAST"); nullsFirst = false; }
            }
            final boolean d = desc, nf = nullsFirst;
            return (a, b) -> {
                Object x = a.get(f.name()), y = b.get(f.name());
                if (x == null || y == null) {
                    if (x == y) return 0;
                    return (x == null) == nf ? -1 : 1;
                }
                int c = compareValues(x, y);
                return d ? -c : c;
            };
        }

        private Predicate<Map<String, Object>> orExpr() {
            Predicate<Map<String, Object>> left = andExpr();
            while (accept("OR")) left = left.or(andExpr());
            return left;
        }

        private Predicate<Map<String, Object>> andExpr() {
            Predicate<Map<String, Object>> left = notExpr();
            while (accept("AND")) left = left.and(notExpr());
            return left;
        }

        private Predicate<Map<String, Object>> notExpr() {
            if (accept("NOT")) return notExpr().negate();
            if (accept("(")) {
                Predicate<Map<String, Object>> inner = orExpr();
                expect(")");
                return inner;
            }
            return condition();
        }

        private Predicate<Map<String, Object>> condition() {
            Token ft = next();
            if (ft.kind() != Kind.WORD || isKeyword(ft)) throw unexpected(ft);
            Field f = field(ft);
            String name = f.name();
            Token op = next();
            if (op.is("NOT")) {
                Token in = next();
                if (!in.is("IN")) throw unexpected(in);
                List<Object> values = valueList();
                return r -> r.get(name) != null && values.stream().noneMatch(v -> equalValues(r.get(name), v));
            }
            if (op.is("IN")) {
                List<Object> values = valueList();
                return r -> values.stream().anyMatch(v -> equalValues(r.get(name), v));
            }
            if (op.is("LIKE")) {
                Token v = next();
                if (v.kind() != Kind.STRING) throw unexpected(v);
                Pattern regex = Pattern.compile(v.likeRegex(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
                return r -> r.get(name) != null && regex.matcher(r.get(name).toString()).matches();
            }
            if (op.kind() != Kind.SYMBOL || op.is("(") || op.is(")") || op.is(",")) throw unexpected(op);
            Object value = literal(f);
            if (value instanceof DateRange range) {
                return switch (op.text()) {
                    case "=" -> r -> r.get(name) != null && range.contains(r.get(name));
                    case "!=", "<>" -> r -> r.get(name) == null || !range.contains(r.get(name));
                    case "<" -> r -> r.get(name) != null && compareValues(r.get(name), range.start()) < 0;
                    case "<=" -> r -> r.get(name) != null && compareValues(r.get(name), range.end()) < 0;
                    case ">" -> r -> r.get(name) != null && compareValues(r.get(name), range.end()) >= 0;
                    case ">=" -> r -> r.get(name) != null && compareValues(r.get(name), range.start()) >= 0;
                    default -> throw unexpected(op);
                };
            }
            return switch (op.text()) {
                case "=" -> r -> equalValues(r.get(name), value);
                case "!=", "<>" -> r -> !equalValues(r.get(name), value);
                case "<" -> r -> r.get(name) != null && value != null && compareValues(r.get(name), value) < 0;
                case ">" -> r -> r.get(name) != null && value != null && compareValues(r.get(name), value) > 0;
                case "<=" -> r -> r.get(name) != null && value != null && compareValues(r.get(name), value) <= 0;
                case ">=" -> r -> r.get(name) != null && value != null && compareValues(r.get(name), value) >= 0;
                default -> throw unexpected(op);
            };
        }

        private List<Object> valueList() {
            expect("(");
            List<Object> values = new ArrayList<>();
            do values.add(literal(null)); while (accept(","));
            expect(")");
            return values;
        }

        private Object literal(Field f) {
            Token t = next();
            switch (t.kind()) {
                case STRING -> {
                    if (f != null && (f.type() == FieldType.DATETIME || f.type() == FieldType.DATE || f.type() == FieldType.BOOLEAN
                            || f.type() == FieldType.NUMBER)) {
                        throw error("INVALID_FIELD", t.pos(), "value of filter criterion for field '" + f.name() + "' must be of type "
                                + f.type().name().toLowerCase(Locale.ROOT) + " and should not be enclosed in quotes");
                    }
                    return t.value();
                }
                case NUMBER, DATETIME, DATE -> {
                    return t.value();
                }
                case WORD -> {
                    if (t.is("null")) return null;
                    if (t.is("true")) return Boolean.TRUE;
                    if (t.is("false")) return Boolean.FALSE;
                    if (DATE_LITERAL.matcher(t.text()).matches()) {
                        if (f != null && f.type() != FieldType.DATE && f.type() != FieldType.DATETIME) {
                            throw error("INVALID_FIELD", t.pos(), "value of filter criterion for field '" + f.name() + "' must be of type "
                                    + f.describeType() + " and should be enclosed in quotes");
                        }
                        return dateRange(t.text(), today);
                    }
                    throw unexpected(t);
                }
                default -> throw unexpected(t);
            }
        }
    }
}
