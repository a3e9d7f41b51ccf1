package io.conversion.sync.inbound;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns the raw Bayeux message of a CDC event (camel-salesforce {@code rawPayload=true}, the only form that
 * keeps {@code changedFields}) into a {@link ChangeEvent}.
 */
@Component("changeEventParser")
public class ChangeEventParser {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;

    ChangeEventParser(ObjectMapper json) {
        this.json = json;
    }

    /** IMPORT is ours (initial import), never a Salesforce change type. */
    private static ChangeType changeType(String s) {
        ChangeType t = ChangeType.valueOf(s);
        if (t == ChangeType.IMPORT) {
            throw new IllegalArgumentException("No enum constant " + s);
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    public ChangeEvent parse(String rawMessage) {
        try {
            Map<String, Object> message = json.readValue(rawMessage, MAP);
            Map<String, Object> data = (Map<String, Object>) message.get("data");
            Map<String, Object> payload = new LinkedHashMap<>((Map<String, Object>) data.get("payload"));
            Map<String, Object> header = (Map<String, Object>) payload.remove("ChangeEventHeader");
            if (header == null) {
                throw new IllegalArgumentException("no ChangeEventHeader");
            }
            long replayId = ((Number) ((Map<String, Object>) data.get("event")).get("replayId")).longValue();
            return new ChangeEvent(channel((String) message.get("channel")), replayId,
                    SyncedObject.of((String) header.get("entityName")), changeType((String) header.get("changeType")),
                    strings(header.get("recordIds")), (String) header.get("changeOrigin"),
                    number(header, "commitTimestamp"), number(header, "commitNumber"),
                    (String) header.get("transactionKey"), number(header, "sequenceNumber"),
                    strings(header.get("changedFields")).stream().map(ChangeEventParser::flatName).distinct()
                            .toList(),
                    flatten(payload));
        } catch (Exception e) {
            throw new InvalidChangeEventException("Not a readable change event: " + e.getMessage(), e);
        }
    }

    /** Compound fields: Lead/Contact Name arrives as {FirstName, LastName, Salutation}; keep its parts. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> flatten(Map<String, Object> payload) {
        Map<String, Object> fields = new LinkedHashMap<>();
        payload.forEach((name, value) -> {
            if ("Name".equals(name) && value instanceof Map<?, ?> parts) {
                fields.putAll((Map<String, Object>) parts);
            } else {
                fields.put(name, value);
            }
        });
        return fields;
    }

    /** Name.LastName -> LastName; BillingAddress.City stays as it is (we do not map addresses). */
    private static String flatName(String field) {
        return field.startsWith("Name.") ? field.substring(5) : field;
    }

    /** camel-salesforce normalises channel names with a query string away; so do we. */
    private static String channel(String channel) {
        return channel == null ? null : channel.split("\\?")[0];
    }

    /** A header number; a wrong type is named (the activity log shows the reason). */
    private static long number(Map<String, Object> header, String field) {
        Object value = header.get(field);
        if (value != null && !(value instanceof Number)) {
            throw new IllegalArgumentException(field + " is not a number: " + value);
        }
        return value == null ? 0L : ((Number) value).longValue();
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return List.copyOf(out);
    }
}
