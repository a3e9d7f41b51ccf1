package io.conversion.sync.salesforce;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one logical SOQL over many terms ({@code Email IN ('a', 'b', ...)}, {@code Website LIKE ... OR ...}) into
 * queries whose URL-encoded terms stay under a budget. A REST query travels in the URL: Salesforce refuses URIs over
 * 16,384 characters, and camel-salesforce's HTTP client fails a request whose line and headers exceed its request
 * buffer (8,192 bytes by default) before it is even sent.
 */
public final class SoqlChunks {

    /** Encoded characters of terms per query sent as a GET (leaves room for the rest of the URL and the headers). */
    public static final int GET_BUDGET = 6_000;
    /** Per subrequest of a composite POST: the URL is in the body, only Salesforce's URI limit applies. */
    public static final int COMPOSITE_BUDGET = 8_000;

    private SoqlChunks() {
    }

    /** {@code head + term (separator term)* + tail}, as many queries as the budget needs (none for no terms). */
    public static List<String> of(String head, List<String> terms, String separator, String tail, int budget) {
        return groups(terms, separator, budget).stream().map(g -> head + String.join(separator, g) + tail).toList();
    }

    /** The terms in order, grouped so that each group's URL-encoded terms (with separators) fit the budget. */
    public static List<List<String>> groups(List<String> terms, String separator, int budget) {
        List<List<String>> groups = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        int encoded = 0;
        for (String term : terms) {
            int length = URLEncoder.encode(term + separator, StandardCharsets.UTF_8).length();
            if (!chunk.isEmpty() && encoded + length > budget) {
                groups.add(chunk);
                chunk = new ArrayList<>();
                encoded = 0;
            }
            chunk.add(term);
            encoded += length;
        }
        if (!chunk.isEmpty()) {
            groups.add(chunk);
        }
        return groups;
    }
}
