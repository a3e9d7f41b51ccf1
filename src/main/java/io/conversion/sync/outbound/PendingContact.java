package io.conversion.sync.outbound;

import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Instant;

/**
 * A PENDING contact claimed by a batch, with its sync plan (the outbound settings captured when it was queued).
 * {@code companyId}/{@code sfAccountId} are set when an earlier attempt already created its own Account;
 * {@code sentAt} when an earlier attempt sent its Lead/Contact without the answer being recorded (it may exist).
 */
public record PendingContact(long id, String email, String firstName, String lastName, String title, String phone,
        String companyName, Long companyId, String sfAccountId, CreateAs createAs, boolean linkByDomain,
        boolean createAccounts, Instant sentAt) {

    /** The Salesforce object its plan creates it as: a Lead or a Contact. */
    public SyncedObject object() {
        return createAs == CreateAs.CONTACT ? SyncedObject.CONTACT : SyncedObject.LEAD;
    }
}
