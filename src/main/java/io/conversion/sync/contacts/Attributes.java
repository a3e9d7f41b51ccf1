package io.conversion.sync.contacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Custom attributes of a contact or company ({@code {"score": "42"}}): a sorted, unmodifiable map, stored as JSON
 * text in the {@code attributes} column. Null values are dropped (a cleared attribute is absent).
 */
public final class Attributes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> TYPE = new TypeReference<>() {
    };

    private Attributes() {
    }

    public static Map<String, String> copy(Map<String, String> attributes) {
        TreeMap<String, String> sorted = new TreeMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> {
                if (v != null) {
                    sorted.put(k, v);
                }
            });
        }
        return Collections.unmodifiableMap(sorted);
    }

    /** The column's text; null for no attributes. */
    public static String toJson(Map<String, String> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Attributes not writable as JSON", e);
        }
    }

    public static Map<String, String> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return copy(JSON.readValue(json, TYPE));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored attributes are not a JSON object of strings: " + json, e);
        }
    }
}
