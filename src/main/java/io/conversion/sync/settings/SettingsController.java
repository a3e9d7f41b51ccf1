package io.conversion.sync.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.conversion.sync.web.BadRequestException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/settings/sync}: read, replace and audit the live sync settings. */
@RestController
@RequestMapping(path = "/api/settings/sync", produces = MediaType.APPLICATION_JSON_VALUE)
class SettingsController {

    /** Strict on purpose: a typo in a field name or "yes" for a boolean must not silently become a default. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Enum, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    private final SyncSettingsService settings;
    private final Validator validator;

    SettingsController(SyncSettingsService settings, Validator validator) {
        this.settings = settings;
        this.validator = validator;
    }

    @GetMapping
    SyncSettings get() {
        return settings.get();
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    SyncSettings put(@RequestBody(required = false) String body, Principal user) {
        SyncSettings next = parse(body);
        var violations = validator.validate(next);
        if (!violations.isEmpty()) {
            List<String> errors = violations.stream()
                    .map(v -> fieldPath(v) + " is required")
                    .sorted()
                    .toList();
            throw new BadRequestException("Invalid sync settings: " + String.join("; ", errors), errors);
        }
        return settings.update(next, user.getName());
    }

    @GetMapping("/history")
    List<Map<String, Object>> history(@RequestParam(defaultValue = "100") int limit) {
        return settings.history(Math.max(1, Math.min(limit, 1000))).stream()
                .map(h -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("changedAt", h.changedAt().toString());
                    row.put("changedBy", h.changedBy());
                    row.put("settings", readTree(h.settings()));
                    row.put("previous", h.previous() == null ? null : readTree(h.previous()));
                    return row;
                })
                .toList();
    }

    private static SyncSettings parse(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("Invalid sync settings: request body is empty", List.of());
        }
        try {
            SyncSettings parsed = STRICT.readValue(body, SyncSettings.class);
            if (parsed == null) {
                throw new BadRequestException("Invalid sync settings: body must be a JSON object", List.of());
            }
            return parsed;
        } catch (UnrecognizedPropertyException e) {
            String msg = "unknown field '" + path(e) + "'";
            throw new BadRequestException("Invalid sync settings: " + msg, List.of(msg));
        } catch (InvalidFormatException e) {
            String msg;
            if (e.getTargetType() != null && e.getTargetType().isEnum()) {
                msg = path(e) + " must be one of " + Arrays.stream(e.getTargetType().getEnumConstants())
                        .map(Object::toString).collect(Collectors.joining(", ")) + " (was " + e.getValue() + ")";
            } else {
                msg = path(e) + " must be a " + typeName(e.getTargetType()) + " (was " + e.getValue() + ")";
            }
            throw new BadRequestException("Invalid sync settings: " + msg, List.of(msg));
        } catch (MismatchedInputException e) {
            String msg = path(e).isEmpty()
                    ? "body must be a JSON object"
                    : path(e) + " must be a " + typeName(e.getTargetType());
            throw new BadRequestException("Invalid sync settings: " + msg, List.of(msg));
        } catch (JsonProcessingException e) {
            String msg = "malformed JSON: " + e.getOriginalMessage();
            throw new BadRequestException("Invalid sync settings: " + msg, List.of(msg));
        }
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value of the right type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type.isEnum()) {
            return "string, one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        return "JSON object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String fieldPath(ConstraintViolation<?> v) {
        return v.getPropertyPath().toString();
    }

    private static Object readTree(String json) {
        try {
            return STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
