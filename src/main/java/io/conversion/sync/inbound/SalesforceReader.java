package io.conversion.sync.inbound;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.fields.FieldMap;
import io.conversion.sync.salesforce.Soql;
import io.conversion.sync.salesforce.SyncedObject;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads Lead, Contact and Account records again from Salesforce (gap events, unknown records, overflow), through
 * the route {@code inbound-salesforce-query} (which retries a failed query). Ids are batched into
 * {@code WHERE Id IN (...)} of at most 200.
 */
@Component
class SalesforceReader {

    private static final int IDS_PER_QUERY = 200;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final DateTimeFormatter SF_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");

    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final FieldMap fields;
    private final Map<SyncedObject, List<String>> linkFields = new EnumMap<>(SyncedObject.class);
    private final ApiBudget budget;

    SalesforceReader(ProducerTemplate camel, ObjectMapper json, FieldMap fields, List<ObjectRules> rules,
            ApiBudget budget) {
        this.budget = budget;
        this.camel = camel;
        this.json = json;
        this.fields = fields;
        rules.forEach(r -> linkFields.put(r.object(), r.linkFields()));
    }

    /** What a re-read selects: the id, the mapped fields, the fields the object's rules follow, SystemModstamp. */
    String selectList(SyncedObject object) {
        Set<String> select = new LinkedHashSet<>();
        select.add("Id");
        select.addAll(fields.salesforceFields(object));
        select.addAll(linkFields.getOrDefault(object, List.of()));
        select.add("SystemModstamp");
        return String.join(", ", select);
    }

    /** The records that still exist, by id (a deleted record is simply absent). */
    Map<String, Map<String, Object>> byIds(SyncedObject object, Collection<String> ids) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += IDS_PER_QUERY) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + IDS_PER_QUERY));
            for (Map<String, Object> r : query("SELECT " + selectList(object) + " FROM " + object.sfName()
                    + " WHERE Id IN " + Soql.inList(chunk))) {
                found.put((String) r.get("Id"), r);
            }
        }
        return found;
    }

    /** GAP_OVERFLOW: the first page of the object's records modified since the given time (then {@link #nextPage}). */
    Page firstPageChangedSince(SyncedObject object, long epochMillis) {
        return page("SELECT " + selectList(object) + " FROM " + object.sfName() + " WHERE SystemModstamp >= "
                + Soql.dateTime(epochMillis) + " ORDER BY SystemModstamp", null);
    }

    /** SystemModstamp of a record read by SOQL, epoch ms (0 when absent). */
    static long modstamp(Map<String, Object> record) {
        Object v = record.get("SystemModstamp");
        if (v == null) {
            return 0L;
        }
        String s = v.toString();
        if (isUtcDateTime(s)) {
            // What Salesforce sends (2026-12-04T14:50:55.000+0000), read without the formatter: an import reads a
            // million of them.
            return LocalDateTime.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10), digits(s, 11, 13),
                    digits(s, 14, 16), digits(s, 17, 19)).toEpochSecond(ZoneOffset.UTC) * 1000
                    + digits(s, 20, 23);
        }
        try {
            return OffsetDateTime.parse(s, SF_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        }
    }

    private static boolean isUtcDateTime(String s) {
        if (s.length() != 28 || !s.endsWith("+0000") || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != '.') {
            return false;
        }
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22}) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    /** One page of a SOQL result: its records, the total and the continuation (null on the last page). */
    record Page(List<Map<String, Object>> records, long totalSize, String nextRecordsUrl) {
    }

    /** Initial import: the first page of every record of the object (2,000 per page in Salesforce). */
    Page firstPageOfAll(SyncedObject object) {
        return page("SELECT " + selectList(object) + " FROM " + object.sfName(), null);
    }

    /** The page after {@code nextRecordsUrl} (queryMore). */
    Page nextPage(String nextRecordsUrl) {
        return page(null, nextRecordsUrl);
    }

    /**
     * Re-reads and import pages are deferrable work: near the API reserve they wait for the allowance, and a query
     * Salesforce refuses with REQUEST_LIMIT_EXCEEDED waits and is asked again instead of failing its events.
     */
    private Page page(String soql, String nextRecordsUrl) {
        return budget.deferrable(() -> pageNow(soql, nextRecordsUrl));
    }

    @SuppressWarnings("unchecked")
    private Page pageNow(String soql, String nextRecordsUrl) {
        String page = nextRecordsUrl != null
                ? camel.requestBodyAndHeader("direct:inbound-salesforce-query", nextRecordsUrl, "nextRecordsUrl",
                        nextRecordsUrl, String.class)
                : camel.requestBody("direct:inbound-salesforce-query", soql, String.class);
        Map<String, Object> result = read(page);
        List<Map<String, Object>> records = new ArrayList<>();
        for (Object r : (List<Object>) result.getOrDefault("records", List.of())) {
            Map<String, Object> record = new LinkedHashMap<>((Map<String, Object>) r);
            record.remove("attributes");
            records.add(record);
        }
        Object next = result.get("nextRecordsUrl");
        Object total = result.get("totalSize");
        return new Page(records, total instanceof Number n ? n.longValue() : records.size(),
                Boolean.TRUE.equals(result.get("done")) || next == null ? null : next.toString());
    }

    private List<Map<String, Object>> query(String soql) {
        List<Map<String, Object>> records = new ArrayList<>();
        Page page = page(soql, null);
        records.addAll(page.records());
        while (page.nextRecordsUrl() != null) {
            page = page(null, page.nextRecordsUrl());
            records.addAll(page.records());
        }
        return records;
    }

    private Map<String, Object> read(String page) {
        try {
            return json.readValue(page, MAP);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable SOQL result: " + e.getMessage(), e);
        }
    }
}
