package io.conversion.sync.outbound;

import io.conversion.sync.fields.Attribute;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.conversion.sync.contacts.Emails;
import io.conversion.sync.contacts.TextValues;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Reads and validates the new-contact message contract; the route and {@code POST /api/contacts} share it. */
@Component("contactMessages")
public class ContactMessages {

    static final Set<String> SOURCES = Set.of("FORM", "IMPORT", "API");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** Parses a message body; throws {@link InvalidContactMessageException} with the reason when it is unusable. */
    public ContactMessage parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidContactMessageException("empty message");
        }
        JsonNode node;
        try (var parser = JSON.createParser(body)) {
            node = parser.readValueAsTree();
            if (parser.nextToken() != null) {
                throw new InvalidContactMessageException("not valid JSON: trailing content after the object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidContactMessageException("not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidContactMessageException("not readable: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidContactMessageException("not a JSON object");
        }
        JsonNode emailNode = node.get("email");
        if (emailNode != null && !emailNode.isNull() && !emailNode.isTextual()) {
            throw new InvalidContactMessageException("email must be a string");
        }
        // Not cleaned like the other fields: an address with a control character in it is not the address meant.
        String email = Emails.normalize(emailNode == null ? null : emailNode.textValue());
        Emails.invalidReason(email).ifPresent(reason -> {
            throw new InvalidContactMessageException(reason);
        });
        String source = text(node, "source", 16);
        if (source != null) {
            source = source.trim().toUpperCase(Locale.ROOT);
            if (!SOURCES.contains(source)) {
                throw new InvalidContactMessageException("source must be one of FORM, IMPORT, API (was " + source + ")");
            }
        }
        JsonNode skip = node.get("skipInitialSync");
        if (skip != null && !skip.isNull() && !skip.isBoolean()) {
            throw new InvalidContactMessageException("skipInitialSync must be true or false");
        }
        return new ContactMessage(email, text(node, "firstName", 255), text(node, "lastName", 255),
                text(node, "company", 255), text(node, "title", 255), text(node, "phone", 64), source,
                skip != null && skip.asBoolean(false), attributes(node));
    }

    /** {@code "attributes": {"score": "42"}}: names as custom attribute names, values strings (or numbers, kept as text). */
    private static Map<String, String> attributes(JsonNode node) {
        JsonNode a = node.get("attributes");
        if (a == null || a.isNull()) {
            return Map.of();
        }
        if (!a.isObject()) {
            throw new InvalidContactMessageException("attributes must be an object of name: value");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (var it = a.fields(); it.hasNext();) {
            var e = it.next();
            if (!Attribute.isValid(Attribute.field(e.getKey()))) {
                throw new InvalidContactMessageException("attributes." + TextValues.clean(e.getKey(), false)
                        + " is not a valid attribute name "
                        + "(a letter, then letters, digits or _; at most 64)");
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (!v.isValueNode() || v.isBinary()) {
                throw new InvalidContactMessageException("attributes." + e.getKey() + " must be a string or number");
            }
            String value = TextValues.clean(v.asText(), true);
            if (value.length() > 1000) {
                throw new InvalidContactMessageException("attributes." + e.getKey() + " is longer than 1000 characters");
            }
            values.put(e.getKey(), value);
        }
        return values;
    }

    /** The message as published by {@code POST /api/contacts}. */
    public String toJson(ContactMessage m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("email", m.email());
        v.put("firstName", m.firstName());
        v.put("lastName", m.lastName());
        v.put("company", m.company());
        v.put("title", m.title());
        v.put("phone", m.phone());
        v.put("source", m.source());
        v.put("skipInitialSync", m.skipInitialSync());
        if (!m.attributes().isEmpty()) {
            v.put("attributes", m.attributes());
        }
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String field, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidContactMessageException(field + " must be a string");
        }
        String s = TextValues.clean(v.asText(), false).strip();
        if (s.length() > maxLength) {
            throw new InvalidContactMessageException(field + " is longer than " + maxLength + " characters");
        }
        return s.isEmpty() ? null : s;
    }
}
