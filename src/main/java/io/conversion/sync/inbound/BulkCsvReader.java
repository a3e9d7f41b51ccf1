package io.conversion.sync.inbound;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one page of Bulk API 2.0 query results (RFC 4180 CSV: a header row of field names, then one row per
 * record; values in double quotes, {@code ""} inside them; a value may span lines) record by record from the stream,
 * so a page of 50,000 records is never held as a whole. An empty value is null, as Salesforce writes nulls; the CSV
 * carries no types, so the fields named in {@code booleans} are turned into Booleans.
 */
final class BulkCsvReader implements AutoCloseable {

    private final Reader in;
    private final Set<String> booleans;
    private final List<String> header;
    private final StringBuilder value = new StringBuilder();
    private boolean endOfInput;

    BulkCsvReader(InputStream stream, Set<String> booleans) {
        this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        this.booleans = booleans;
        List<String> names = row();
        this.header = names == null ? List.of() : names;
    }

    /** The next record (field name to value), or null after the last one. */
    Map<String, Object> next() {
        List<String> row = row();
        if (row == null) {
            return null;
        }
        if (row.size() != header.size()) {
            throw new IllegalStateException("CSV row with " + row.size() + " values under a header of " + header.size());
        }
        Map<String, Object> record = new HashMap<>(header.size() * 2);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String v = row.get(i);
            record.put(name, v.isEmpty() ? null : booleans.contains(name) ? Boolean.valueOf(v) : v);
        }
        return record;
    }

    /** One CSV row, or null at the end of the input (a trailing line ending ends the last row). */
    private List<String> row() {
        if (endOfInput) {
            return null;
        }
        try {
            List<String> values = new ArrayList<>(header == null ? 8 : header.size());
            value.setLength(0);
            boolean quoted = false;
            boolean any = false;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    endOfInput = true;
                    if (!any && values.isEmpty()) {
                        return null;
                    }
                    values.add(value.toString());
                    return values;
                }
                any = true;
                if (quoted) {
                    if (c == '"') {
                        in.mark(1);
                        int n = in.read();
                        if (n == '"') {
                            value.append('"');
                        } else {
                            quoted = false;
                            if (n >= 0) {
                                in.reset();
                            }
                        }
                    } else {
                        value.append((char) c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    values.add(value.toString());
                    value.setLength(0);
                } else if (c == '\n') {
                    values.add(value.toString());
                    return values;
                } else if (c != '\r') {
                    value.append((char) c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the Bulk query results failed", e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing left to read
        }
    }
}
