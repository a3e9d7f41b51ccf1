package io.conversion.sync.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.salesforce.SyncedObject.Target;
import io.conversion.sync.settings.SyncSettingsService;
import io.conversion.sync.web.BadRequestException;
import io.conversion.sync.web.ConflictException;
import io.conversion.sync.web.NotFoundException;
import io.conversion.sync.web.PayloadTooLargeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Conversion updates over HTTP: {@code PATCH /api/contacts/{id}} and {@code PATCH /api/companies/{id}} validate
 * like the routes, then publish the same message any other producer would (202); the queued or failed changes of a
 * record, and the retry of its failed ones.
 */
@RestController
class OutboundUpdatesController {

    private final UpdateMessages messages;
    private final MessageSizeLimit sizeLimit;
    private final ProducerTemplate producer;
    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final UpdateOutbox outbox;
    private final SyncSettingsService settings;
    private final ObjectMapper json;
    private final Map<Target, String> queues;

    OutboundUpdatesController(UpdateMessages messages, MessageSizeLimit sizeLimit,
            ProducerTemplate producer, ContactRepository contacts,
            CompanyRepository companies, UpdateOutbox outbox, SyncSettingsService settings, ObjectMapper json,
            @Value("${sync.outbound.updates.contacts-queue:conversion.contacts.updated}") String contactsQueue,
            @Value("${sync.outbound.updates.companies-queue:conversion.companies.updated}") String companiesQueue) {
        this.messages = messages;
        this.sizeLimit = sizeLimit;
        this.producer = producer;
        this.contacts = contacts;
        this.companies = companies;
        this.outbox = outbox;
        this.settings = settings;
        this.json = json;
        this.queues = Map.of(Target.CONTACT, contactsQueue, Target.COMPANY, companiesQueue);
    }

    @PatchMapping(path = "/api/contacts/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> updateContact(@PathVariable long id, @RequestBody(required = false) String body) {
        return publish(Target.CONTACT, id, body);
    }

    @PatchMapping(path = "/api/companies/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> updateCompany(@PathVariable long id, @RequestBody(required = false) String body) {
        return publish(Target.COMPANY, id, body);
    }

    @GetMapping(path = "/api/contacts/{id}/updates", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> contactUpdates(@PathVariable long id) {
        exists(Target.CONTACT, id);
        return outbox.of(Target.CONTACT, id);
    }

    @GetMapping(path = "/api/companies/{id}/updates", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> companyUpdates(@PathVariable long id) {
        exists(Target.COMPANY, id);
        return outbox.of(Target.COMPANY, id);
    }

    @PostMapping(path = "/api/contacts/{id}/updates/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> retryContact(@PathVariable long id) {
        return retry(Target.CONTACT, id);
    }

    @PostMapping(path = "/api/companies/{id}/updates/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> retryCompany(@PathVariable long id) {
        return retry(Target.COMPANY, id);
    }

    private ResponseEntity<Map<String, Object>> publish(Target target, long id, String body) {
        sizeLimit.refusal(MessageSizeLimit.utf8Length(body)).ifPresent(reason -> {
            throw new PayloadTooLargeException("Update not accepted: " + reason);
        });
        UpdateMessage message;
        try {
            message = messages.parse(withId(body, id), target.name());
        } catch (InvalidUpdateMessageException e) {
            throw new BadRequestException("Invalid update: " + e.getMessage(), List.of(e.getMessage()));
        }
        exists(target, id);
        Exchange sent = producer.send("jms:queue:" + queues.get(target) + "?includeSentJMSMessageID=true",
                ex -> ex.getMessage().setBody(messages.toJson(message)));
        if (sent.getException() != null) {
            throw new IllegalStateException("Could not publish the update", sent.getException());
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("status", "ACCEPTED");
        v.put("id", id);
        v.put("messageId", sent.getMessage().getHeader("JMSMessageID", String.class));
        v.put("updates", path(target, id) + "/updates");
        return ResponseEntity.accepted().body(v);
    }

    /** The body with the path's id (an id in the body must be the same). */
    private String withId(String body, long id) {
        if (body == null || body.isBlank()) {
            return body;
        }
        try {
            JsonNode node = json.readTree(body);
            if (!(node instanceof ObjectNode object)) {
                return body;
            }
            JsonNode given = object.get("id");
            if (given != null && !given.isNull() && (!given.canConvertToLong() || given.asLong() != id)) {
                throw new BadRequestException("Invalid update: id " + given + " in the body is not " + id,
                        List.of("id"));
            }
            object.put("id", id);
            return json.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            return body; // the parser names the problem
        }
    }

    private ResponseEntity<Map<String, Object>> retry(Target target, long id) {
        exists(target, id);
        if (!settings.outboundEnabled()) {
            throw new ConflictException("Outbound sync is off (read-only mode): nothing is sent to Salesforce");
        }
        int queued = outbox.retry(target, id);
        if (queued == 0) {
            throw new ConflictException("No failed update of " + target.name().toLowerCase() + " " + id);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("queued", queued);
        return ResponseEntity.accepted().body(v);
    }

    private void exists(Target target, long id) {
        boolean found = target == Target.CONTACT ? contacts.findById(id).isPresent()
                : companies.findById(id).isPresent();
        if (!found) {
            throw new NotFoundException("No " + target.name().toLowerCase() + " with id " + id);
        }
    }

    private static String path(Target target, long id) {
        return (target == Target.CONTACT ? "/api/contacts/" : "/api/companies/") + id;
    }
}
