package io.conversion.sync.outbound;

import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.settings.SyncSettingsService;
import io.conversion.sync.web.BadRequestException;
import io.conversion.sync.web.ConflictException;
import io.conversion.sync.web.NotFoundException;
import io.conversion.sync.web.PayloadTooLargeException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Write side of outbound sync: {@code POST /api/contacts} publishes a new contact exactly as any other producer
 * would, and {@code POST /api/contacts/{id}/sync} is "sync now" (dashboard, workflows).
 */
@RestController
class OutboundContactsController {

    private final ContactMessages messages;
    private final MessageSizeLimit sizeLimit;
    private final ProducerTemplate producer;
    private final ContactRepository contacts;
    private final ContactOutbox outbox;
    private final SyncSettingsService settings;
    private final String queueUri;

    OutboundContactsController(ContactMessages messages, MessageSizeLimit sizeLimit,
            ProducerTemplate producer, ContactRepository contacts,
            ContactOutbox outbox, SyncSettingsService settings,
            @Value("jms:queue:${sync.outbound.queue:conversion.contacts.created}?includeSentJMSMessageID=true")
            String queueUri) {
        this.messages = messages;
        this.sizeLimit = sizeLimit;
        this.producer = producer;
        this.contacts = contacts;
        this.outbox = outbox;
        this.settings = settings;
        this.queueUri = queueUri;
    }

    /** Validates like the route does, publishes to the new-contacts queue and answers 202. */
    @PostMapping(path = "/api/contacts", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) String body) {
        sizeLimit.refusal(MessageSizeLimit.utf8Length(body)).ifPresent(reason -> {
            throw new PayloadTooLargeException("Contact not accepted: " + reason);
        });
        ContactMessage message;
        try {
            message = messages.parse(body);
        } catch (InvalidContactMessageException e) {
            throw new BadRequestException("Invalid contact: " + e.getMessage(), List.of(e.getMessage()));
        }
        Exchange sent = producer.send(queueUri, ex -> ex.getMessage().setBody(messages.toJson(message)));
        if (sent.getException() != null) {
            throw new IllegalStateException("Could not publish the contact", sent.getException());
        }
        String location = "/api/contacts?email=" + URLEncoder.encode(message.email(), StandardCharsets.UTF_8);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("status", "ACCEPTED");
        v.put("email", message.email());
        v.put("messageId", sent.getMessage().getHeader("JMSMessageID", String.class));
        v.put("contact", location);
        return ResponseEntity.accepted().location(URI.create(location)).body(v);
    }

    /**
     * Sync now: queues a SKIPPED, NOT_SYNCED, FAILED or DELETED_IN_SALESFORCE contact (re-created) with the current
     * settings as its plan; a MERGED one answers 409 naming the contact it was merged into. A PENDING
     * contact is already queued (202, nothing changes); a SYNCED one has nothing to sync (409).
     */
    @PostMapping(path = "/api/contacts/{id}/sync", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> syncNow(@PathVariable long id) {
        Contact c = contacts.findById(id).orElseThrow(() -> new NotFoundException("No contact with id " + id));
        if (c.syncStatus() == SyncStatus.SYNCED) {
            throw new ConflictException("Contact " + id + " is already synced to Salesforce");
        }
        if (c.syncStatus() == SyncStatus.MERGED) {
            throw new ConflictException("Contact " + id + " was merged into contact " + contacts.mergedInto(id)
                    .map(String::valueOf).orElse("?") + " in Salesforce; sync that one");
        }
        if (c.syncStatus() != SyncStatus.PENDING) {
            if (!settings.outboundEnabled()) {
                throw new ConflictException("Outbound sync is off (read-only mode): contact " + id + " not queued");
            }
            // Compare-and-set: of concurrent "sync now" requests only one queues the contact; the others find it
            // PENDING (already queued, perhaps being sent) and change nothing.
            if (!outbox.requeue(id, settings.get().outbound())
                    && contacts.findById(id).orElseThrow().syncStatus() == SyncStatus.SYNCED) {
                throw new ConflictException("Contact " + id + " is already synced to Salesforce");
            }
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("email", c.email());
        v.put("syncStatus", SyncStatus.PENDING.name());
        return ResponseEntity.accepted().body(v);
    }
}
