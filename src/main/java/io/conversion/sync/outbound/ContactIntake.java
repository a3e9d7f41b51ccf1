package io.conversion.sync.outbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettings;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a new contact in Conversion with the status the route decided on. Idempotent by email: a redelivered
 * message (or a second message for the same address) never creates a second contact and leaves the first as it is.
 */
@Component("contactIntake")
public class ContactIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ContactIntake.class);

    private final ContactRepository contacts;
    private final ContactOutbox outbox;
    private final ActivityLog activity;
    private final TransactionTemplate tx;

    ContactIntake(ContactRepository contacts, ContactOutbox outbox, ActivityLog activity, TransactionTemplate tx) {
        this.contacts = contacts;
        this.outbox = outbox;
        this.activity = activity;
        this.tx = tx;
    }

    /**
     * @param status   PENDING (to be synced with the plan of {@code settings}), SKIPPED or NOT_SYNCED
     * @param settings the settings read once for this message, so the decision and the plan agree
     * @return the stored contact (the existing one for a known email)
     */
    public Contact store(ContactMessage m, String status, SyncSettings settings) {
        SyncStatus initial = SyncStatus.valueOf(status);
        Optional<Contact> known = contacts.findByEmail(m.email());
        if (known.isPresent()) {
            LOG.debug("Contact {} already stored (id {}): message ignored", m.email(), known.get().id());
            return known.get();
        }
        try {
            // Committed on its own, inside the JMS transaction: if the JMS commit is then lost, the redelivered
            // message finds the contact and is a no-op.
            return tx.execute(s -> insert(m, initial, settings));
        } catch (DuplicateKeyException raced) {
            // The same address, consumed concurrently by another consumer: that one stored it.
            return contacts.findByEmail(m.email()).orElseThrow(() -> raced);
        }
    }

    private Contact insert(ContactMessage m, SyncStatus status, SyncSettings settings) {
        Contact c = contacts.insert(Contact.builder().email(m.email()).firstName(m.firstName()).lastName(m.lastName())
                .title(m.title()).phone(m.phone()).companyName(m.company()).attributes(m.attributes()).source(m.source()).syncStatus(status)
                .build());
        switch (status) {
            case PENDING -> outbox.markPending(c.id(), settings.outbound());
            case NOT_SYNCED -> activity.record(Activity.outbound(SyncedObject.CONTACT, null, c.id(), Outcome.SKIPPED,
                    "STORE", "OUTBOUND_DISABLED", "Outbound sync is off (read-only mode): stored in Conversion only"));
            case SKIPPED -> activity.record(Activity.outbound(SyncedObject.CONTACT, null, c.id(), Outcome.SKIPPED,
                    "STORE", "INITIAL_SYNC_SKIPPED", "skipInitialSync: stored in Conversion only, sync on demand"));
            default -> throw new IllegalArgumentException("Not an initial status: " + status);
        }
        return c;
    }
}
