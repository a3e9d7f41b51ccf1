package io.conversion.sync.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conversion.sync.salesforce.SyncedObject;

/**
 * A mapping as the API and the history show it: {@code {"object":"Lead","salesforceField":"Title",
 * "conversionField":"title","mode":"PREFER_SALESFORCE_UNLESS_EMPTY"}} (the object by its Salesforce name).
 */
public final class FieldMappingJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FieldMappingJson() {
    }

    public static ObjectNode node(FieldMapping m) {
        return JSON.createObjectNode().put("object", m.object().sfName()).put("salesforceField", m.salesforceField())
                .put("conversionField", m.conversionField()).put("mode", m.mode().name());
    }

    static String write(FieldMapping m) {
        return m == null ? null : node(m).toString();
    }

    static FieldMapping read(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(json);
            return new FieldMapping(SyncedObject.of(n.get("object").asText()), n.get("salesforceField").asText(),
                    n.get("conversionField").asText(), SyncMode.valueOf(n.get("mode").asText()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored field mapping is not JSON: " + json, e);
        }
    }
}
