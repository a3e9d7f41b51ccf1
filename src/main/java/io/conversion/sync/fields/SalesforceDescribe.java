package io.conversion.sync.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.salesforce.SyncedObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The fields Salesforce's describe lists for each synced object (route {@code salesforce-describe}), cached: a field
 * check costs no API call while the cache is fresh. A field the cached describe does not list is checked once more
 * against a fresh describe, so that a custom field created in Salesforce a minute ago can be mapped at once.
 */
@Component
public class SalesforceDescribe {

    /** A described field: its API name as Salesforce spells it, its type and whether it can be written. */
    public record DescribedField(String name, String type, boolean updateable, boolean custom) {
    }

    /** Salesforce could not be asked (down, limits): the field cannot be checked now. */
    public static class DescribeUnavailableException extends RuntimeException {
        DescribeUnavailableException(SyncedObject object, Throwable cause) {
            super("Salesforce's describe of " + object + " is unavailable (" + cause.getMessage()
                    + "); the field cannot be checked, try again", cause);
        }
    }

    private static final Duration FRESH_FOR = Duration.ofMinutes(10);

    private record Described(Map<String, DescribedField> fields, long at) {
    }

    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<SyncedObject, Described> cache = new EnumMap<>(SyncedObject.class);

    SalesforceDescribe(ProducerTemplate camel, ObjectMapper json, Clock clock) {
        this.camel = camel;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The object's field with this API name (case-insensitive, as Salesforce matches names), if it has one.
     *
     * @throws DescribeUnavailableException when Salesforce cannot be asked
     */
    public Optional<DescribedField> field(SyncedObject object, String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Described described = cached(object);
        if (described == null || clock.millis() - described.at() > FRESH_FOR.toMillis()
                || !described.fields().containsKey(key)) {
            described = describe(object);
        }
        return Optional.ofNullable(described.fields().get(key));
    }

    private synchronized Described cached(SyncedObject object) {
        return cache.get(object);
    }

    private Described describe(SyncedObject object) {
        String body;
        try {
            body = camel.requestBodyAndHeader("direct:salesforce-describe", null, "sObjectName", object.sfName(),
                    String.class);
        } catch (RuntimeException e) {
            throw new DescribeUnavailableException(object, e.getCause() == null ? e : e.getCause());
        }
        Map<String, DescribedField> fields = new TreeMap<>();
        try {
            for (JsonNode f : json.readTree(body).path("fields")) {
                String name = f.path("name").asText();
                fields.put(name.toLowerCase(Locale.ROOT), new DescribedField(name, f.path("type").asText(),
                        f.path("updateable").asBoolean(), f.path("custom").asBoolean()));
            }
        } catch (IOException e) {
            throw new DescribeUnavailableException(object, e);
        }
        Described described = new Described(Map.copyOf(fields), clock.millis());
        synchronized (this) {
            cache.put(object, described);
        }
        return described;
    }
}
