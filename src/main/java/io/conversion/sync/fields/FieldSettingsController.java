package io.conversion.sync.fields;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.fields.SalesforceDescribe.DescribeUnavailableException;
import io.conversion.sync.fields.SalesforceDescribe.DescribedField;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.web.BadRequestException;
import io.conversion.sync.web.ServiceUnavailableException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/settings/fields}: the field map (which Salesforce field syncs with which Conversion field, in which
 * {@link SyncMode}), replaced whole or changed one mapping at a time, and its history. A Salesforce field that is not
 * mapped yet is checked against Salesforce's describe of its object (custom fields included) and takes the spelling
 * Salesforce gives it. A change applies to changes from then on; nothing already synced is rewritten.
 */
@RestController
@RequestMapping(path = "/api/settings/fields", produces = MediaType.APPLICATION_JSON_VALUE)
class FieldSettingsController {

    private static final Set<String> MAPPING_KEYS = Set.of("object", "salesforceField", "conversionField", "mode");
    private static final Set<String> ONE_FIELD_KEYS = Set.of("conversionField", "mode");

    private final FieldMap fields;
    private final SalesforceDescribe describe;
    private final ObjectMapper json;

    FieldSettingsController(FieldMap fields, SalesforceDescribe describe, ObjectMapper json) {
        this.fields = fields;
        this.describe = describe;
        this.json = json;
    }

    @GetMapping
    List<JsonNode> get() {
        return fields.all().stream().<JsonNode>map(FieldMappingJson::node).toList();
    }

    /** Replaces the whole map with the body's list. */
    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    List<JsonNode> replace(@RequestBody(required = false) String body, Principal user) {
        JsonNode list = parse(body);
        if (!list.isArray()) {
            throw invalid("the body must be a JSON list of mappings");
        }
        List<FieldMapping> next = new ArrayList<>();
        int i = 0;
        for (JsonNode n : list) {
            String at = "[" + i++ + "] ";
            if (!n.isObject()) {
                throw invalid(at + "must be an object {object, salesforceField, conversionField, mode}");
            }
            unknownKeys(n, MAPPING_KEYS, at);
            next.add(checked(object(text(n, "object", at), at), text(n, "salesforceField", at),
                    text(n, "conversionField", at), n.path("mode"), at));
        }
        return save(() -> fields.replace(next, user.getName()));
    }

    /** Adds the mapping of one Salesforce field, or changes its Conversion field or mode. */
    @PutMapping(path = "/{object}/{salesforceField}", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<JsonNode> putOne(@PathVariable String object, @PathVariable String salesforceField,
            @RequestBody(required = false) String body, Principal user) {
        JsonNode n = parse(body);
        if (!n.isObject()) {
            throw invalid("the body must be a JSON object {conversionField, mode}");
        }
        unknownKeys(n, ONE_FIELD_KEYS, "");
        SyncedObject o = object(object, "");
        FieldMapping current = fields.of(o).stream()
                .filter(m -> m.salesforceField().equalsIgnoreCase(salesforceField)).findFirst().orElse(null);
        String conversionField = n.hasNonNull("conversionField") ? text(n, "conversionField", "")
                : current != null ? current.conversionField() : null;
        if (conversionField == null) {
            throw invalid("conversionField is required for a new mapping of " + o + "." + salesforceField);
        }
        JsonNode mode = n.has("mode") || current == null ? n.path("mode")
                : json.getNodeFactory().textNode(current.mode().name());
        FieldMapping mapping = checked(o, salesforceField, conversionField, mode, "");
        return save(() -> fields.put(mapping, user.getName()));
    }

    @GetMapping("/history")
    List<Map<String, Object>> history(@RequestParam(defaultValue = "100") int limit) {
        return fields.history(Math.max(1, Math.min(limit, 1000))).stream().map(c -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("changedAt", c.changedAt().toInstant().toString());
            row.put("changedBy", c.changedBy());
            row.put("before", c.before() == null ? null : FieldMappingJson.node(c.before()));
            row.put("after", c.after() == null ? null : FieldMappingJson.node(c.after()));
            return row;
        }).toList();
    }

    /**
     * One mapping, with its Salesforce field checked: a field the map already syncs is taken as it is (changing its
     * mode needs no Salesforce call), a new one must be in the object's describe.
     */
    private FieldMapping checked(SyncedObject object, String salesforceField, String conversionField, JsonNode mode,
            String at) {
        SyncMode syncMode;
        try {
            syncMode = mode.isMissingNode() || mode.isNull() ? SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY
                    : SyncMode.of(mode.isTextual() ? mode.asText() : mode.toString());
        } catch (InvalidFieldMapException e) {
            throw invalid(at + e.getMessage());
        }
        String spelled = fields.of(object).stream().map(FieldMapping::salesforceField)
                .filter(f -> f.equalsIgnoreCase(salesforceField)).findFirst()
                .orElseGet(() -> described(object, salesforceField, at).name());
        return new FieldMapping(object, spelled, conversionField, syncMode);
    }

    private DescribedField described(SyncedObject object, String salesforceField, String at) {
        try {
            return describe.field(object, salesforceField).orElseThrow(() -> invalid(at + object + " has no field "
                    + salesforceField + " in Salesforce (checked against its describe; a custom field's API name "
                    + "ends in __c)"));
        } catch (DescribeUnavailableException e) {
            throw new ServiceUnavailableException(e.getMessage(), e);
        }
    }

    private List<JsonNode> save(Runnable change) {
        try {
            change.run();
        } catch (InvalidFieldMapException e) {
            throw invalid(e.getMessage());
        }
        return get();
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("request body is empty");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static SyncedObject object(String name, String at) {
        return SyncedObject.ofName(name).orElseThrow(() -> invalid(at + "unknown object " + name + "; known: "
                + Arrays.toString(SyncedObject.values())));
    }

    private static String text(JsonNode n, String key, String at) {
        JsonNode v = n.path(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw invalid(at + key + " is required (a string)");
        }
        return v.asText().trim();
    }

    private static void unknownKeys(JsonNode n, Set<String> known, String at) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!known.contains(key)) {
                throw invalid(at + "unknown field '" + key + "' (known: " + known + ")");
            }
        }
    }

    private static BadRequestException invalid(String problem) {
        return new BadRequestException("Invalid field mapping: " + problem, List.of(problem));
    }
}
