package io.conversion.sync.outbound;

import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import io.conversion.sync.contacts.Attributes;
import io.conversion.sync.contacts.Contact;
import java.time.Instant;
import java.util.Map;

/**
 * A PENDING contact claimed by a batch, with its sync plan (the outbound settings captured when it was queued).
 * {@code companyId}/{@code sfAccountId} are set when an earlier attempt already created its own Account;
 * {@code sentAt} when an earlier attempt sent its Lead/Contact without the answer being recorded (it may exist);
 * {@code pendingSince} when it was stored for sending (the outbound latency is measured from there);
 * {@code ownAccountSent} when an earlier attempt sent the create of its own Account without the answer being recorded.
 */
public record PendingContact(long id, String email, String firstName, String lastName, String title, String phone,
        String companyName, Long companyId, String sfAccountId, CreateAs createAs, boolean linkByDomain,
        boolean createAccounts, Instant sentAt, Map<String, String> attributes, Instant pendingSince,
        OwnAccountSent ownAccountSent) {

    /** The own Account an earlier attempt asked Salesforce to create: its Name, its Website (or null), and when. */
    public record OwnAccountSent(String name, String website, Instant at) {
    }

    public PendingContact {
        attributes = Attributes.copy(attributes);
    }

    /** The contact as a {@link Contact} value, to read its fields by their Conversion names ({@code ContactFields}). */
    public Contact asContact() {
        return Contact.builder().id(id).email(email).firstName(firstName).lastName(lastName).title(title).phone(phone)
                .companyName(companyName).attributes(attributes).build();
    }

    /** The Salesforce object its plan creates it as: a Lead or a Contact. */
    public SyncedObject object() {
        return createAs == CreateAs.CONTACT ? SyncedObject.CONTACT : SyncedObject.LEAD;
    }
}
