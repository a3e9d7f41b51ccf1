package io.conversion.sync.inbound;

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
    /** Read ahead in blocks: a Reader's read() per character takes a lock each time (millions of records). */
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int length;
    private final Set<String> booleans;
    private final List<String> header;
    private final StringBuilder value = new StringBuilder();
    private boolean endOfInput;

    BulkCsvReader(InputStream stream, Set<String> booleans) {
        this.in = new InputStreamReader(stream, StandardCharsets.UTF_8);
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
                int c = read();
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
                        if (peek() == '"') {
                            read();
                            value.append('"');
                        } else {
                            quoted = false;
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

    /** The next character, or -1 at the end of the input. */
    private int read() throws IOException {
        int c = peek();
        if (c >= 0) {
            position++;
        }
        return c;
    }

    /** The next character without consuming it, or -1 at the end of the input. */
    private int peek() throws IOException {
        if (position == length) {
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                return -1;
            }
            position = 0;
            length = n;
        }
        return buffer[position];
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
