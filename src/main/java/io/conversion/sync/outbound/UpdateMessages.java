package io.conversion.sync.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conversion.sync.contacts.Emails;
import io.conversion.sync.contacts.TextValues;
import io.conversion.sync.fields.Attribute;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads and validates the update message contract (contacts and companies); the update routes and the PATCH
 * endpoints share it. Custom attributes are nested in the message ({@code "attributes": {"score": "42"}}) and
 * flattened to Conversion field names ({@code attributes.score}).
 */
@Component("updateMessages")
public class UpdateMessages {

    /**
     * Conversion fields an update may change, with the longest value Conversion stores (the email is a contact's key:
     * not changed by an update).
     */
    static final Map<Target, Map<String, Integer>> FIELDS = Map.of(
            Target.CONTACT, Map.of("firstName", 255, "lastName", 255, "title", 255, "phone", 64, "companyName", 255),
            Target.COMPANY, Map.of("name", 255));
    static final String ATTRIBUTES = "attributes";
    private static final int MAX_VALUE = 4000;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final Clock clock;

    UpdateMessages(Clock clock) {
        this.clock = clock;
    }

    /** Parses an update of a contact or company; throws {@link InvalidUpdateMessageException} with the reason. */
    public UpdateMessage parse(String body, String target) {
        Target t = Target.valueOf(target);
        JsonNode node = read(body);
        Long id = null;
        JsonNode idNode = node.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.canConvertToLong() || !idNode.isIntegralNumber()) {
                throw new InvalidUpdateMessageException("id must be a number");
            }
            id = idNode.asLong();
        }
        String email = null;
        JsonNode emailNode = node.get("email");
        if (emailNode != null && !emailNode.isNull()) {
            if (t != Target.CONTACT || !emailNode.isTextual() || emailNode.asText().isBlank()) {
                throw new InvalidUpdateMessageException(t == Target.CONTACT ? "email must be a string"
                        : "a company is named by its id");
            }
            email = Emails.normalize(emailNode.asText());
        }
        if (id == null && email == null) {
            throw new InvalidUpdateMessageException(t == Target.CONTACT ? "id or email is required" : "id is required");
        }
        JsonNode changes = node.get("changes");
        if (changes == null || !changes.isObject() || changes.isEmpty()) {
            throw new InvalidUpdateMessageException("changes must be a non-empty object of field: value");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        for (var it = changes.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals(ATTRIBUTES)) {
                attributes(e.getValue(), flat);
            } else if (FIELDS.get(t).containsKey(e.getKey())) {
                flat.put(e.getKey(), value(e.getKey(), e.getValue(), FIELDS.get(t).get(e.getKey())));
            } else {
                throw new InvalidUpdateMessageException("unknown field " + e.getKey() + " (updatable: "
                        + new java.util.TreeSet<>(FIELDS.get(t).keySet()) + ", " + ATTRIBUTES + ")");
            }
        }
        if (flat.isEmpty()) {
            throw new InvalidUpdateMessageException("changes must change at least one field");
        }
        return new UpdateMessage(t, id, email, flat, changedAt(node.get("changedAt")));
    }

    /** The message as published by the PATCH endpoints: the body, with the path's id and the receipt time. */
    public String toJson(UpdateMessage m) {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        if (m.id() != null) {
            v.put("id", m.id());
        }
        if (m.email() != null) {
            v.put("email", m.email());
        }
        ObjectNode changes = v.putObject("changes");
        m.changes().forEach((field, value) -> {
            ObjectNode parent = changes;
            String name = field;
            if (Attribute.of(field).isPresent()) {
                parent = changes.has(ATTRIBUTES) ? (ObjectNode) changes.get(ATTRIBUTES) : changes.putObject(ATTRIBUTES);
                name = Attribute.of(field).get();
            }
            parent.put(name, value);
        });
        v.put("changedAt", Instant.ofEpochMilli(m.changedAt()).toString());
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidUpdateMessageException("empty message");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidUpdateMessageException("not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidUpdateMessageException("not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void attributes(JsonNode attributes, Map<String, String> flat) {
        if (!attributes.isObject()) {
            throw new InvalidUpdateMessageException("attributes must be an object of name: value");
        }
        for (var it = attributes.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!Attribute.isValid(Attribute.field(e.getKey()))) {
                throw new InvalidUpdateMessageException("invalid attribute name " + TextValues.clean(e.getKey(), false)
                        + " (letters, digits and _, starting with a letter, at most 64)");
            }
            flat.put(Attribute.field(e.getKey()), value(Attribute.field(e.getKey()), e.getValue(), MAX_VALUE));
        }
    }

    private static String value(String field, JsonNode v, int maxLength) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
            throw new InvalidUpdateMessageException(field + " must be a string, a number, true/false or null");
        }
        // As new contacts (TextValues): NFC, no control characters; custom attributes may be multi-line.
        String s = TextValues.clean(v.asText(), Attribute.of(field).isPresent()).strip();
        if (s.length() > maxLength) {
            throw new InvalidUpdateMessageException(field + " is longer than " + maxLength + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    private long changedAt(JsonNode v) {
        if (v == null || v.isNull()) {
            return clock.millis();
        }
        if (!v.isTextual()) {
            throw new InvalidUpdateMessageException("changedAt must be an ISO-8601 instant, e.g. 2026-12-01T10:00:00Z");
        }
        try {
            return Instant.parse(v.asText().trim()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidUpdateMessageException("changedAt is not an ISO-8601 instant: " + v.asText());
        }
    }
}
