package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.Soql;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads Lead, Contact and Account records again from Salesforce (gap events, unknown records, overflow), through
 * the route {@code inbound-salesforce-query}. Ids are batched into {@code WHERE Id IN (...)} of at most 200.
 */
@Component
class SalesforceReader {

    static final Map<String, String> FIELDS = Map.of(
            "Lead", "Id, Email, FirstName, LastName, Title, Phone, Company, IsConverted, ConvertedContactId, "
                    + "SystemModstamp",
            "Contact", "Id, Email, FirstName, LastName, Title, Phone, AccountId, SystemModstamp",
            "Account", "Id, Name, Website, SystemModstamp");
    private static final int IDS_PER_QUERY = 200;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final DateTimeFormatter SF_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");

    private final ProducerTemplate camel;
    private final ObjectMapper json;

    SalesforceReader(ProducerTemplate camel, ObjectMapper json) {
        this.camel = camel;
        this.json = json;
    }

    /** The records that still exist, by id (a deleted record is simply absent). */
    Map<String, Map<String, Object>> byIds(String entity, Collection<String> ids) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += IDS_PER_QUERY) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + IDS_PER_QUERY));
            for (Map<String, Object> r : query("SELECT " + FIELDS.get(entity) + " FROM " + entity + " WHERE Id IN "
                    + Soql.inList(chunk))) {
                found.put((String) r.get("Id"), r);
            }
        }
        return found;
    }

    /** GAP_OVERFLOW: every record of the object modified since the given time. */
    List<Map<String, Object>> changedSince(String entity, long epochMillis) {
        return query("SELECT " + FIELDS.get(entity) + " FROM " + entity + " WHERE SystemModstamp >= "
                + Soql.dateTime(epochMillis) + " ORDER BY SystemModstamp");
    }

    /** SystemModstamp of a record read by SOQL, epoch ms (0 when absent). */
    static long modstamp(Map<String, Object> record) {
        Object v = record.get("SystemModstamp");
        if (v == null) {
            return 0L;
        }
        String s = v.toString();
        try {
            return OffsetDateTime.parse(s, SF_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        }
    }

    /** One page of a SOQL result: its records, the total and the continuation (null on the last page). */
    record Page(List<Map<String, Object>> records, long totalSize, String nextRecordsUrl) {
    }

    /** Initial import: the first page of every record of the object (2,000 per page in Salesforce). */
    Page firstPageOfAll(String entity) {
        return page("SELECT " + FIELDS.get(entity) + " FROM " + entity, null);
    }

    /** The page after {@code nextRecordsUrl} (queryMore). */
    Page nextPage(String nextRecordsUrl) {
        return page(null, nextRecordsUrl);
    }

    @SuppressWarnings("unchecked")
    private Page page(String soql, String nextRecordsUrl) {
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
