package io.conversion.sync.inbound;

import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Our state of a Salesforce record: its inbound_record row, or the Conversion row the outbound sync linked to it. */
@Component
class RecordLookup {

    private final InboundRecordRepository records;
    private final ContactRepository contacts;
    private final CompanyRepository companies;

    RecordLookup(InboundRecordRepository records, ContactRepository contacts, CompanyRepository companies) {
        this.records = records;
        this.contacts = contacts;
        this.companies = companies;
    }

    /** Also for rows linked by the outbound sync, which does not write inbound_record. */
    Optional<InboundRecord> known(SyncedObject object, String id) {
        return known(object, id, records.find(id));
    }

    /**
     * In a batch transaction: what the batch wrote so far, else (unless the import chunk's lookups know the id is
     * held nowhere) as stored.
     */
    Optional<InboundRecord> known(SyncedObject object, String id, BatchResults out) {
        Optional<InboundRecord> pending = out.records.pending(id);
        if (pending.isPresent()) {
            return pending;
        }
        if (out.lookups.absentId(id)) {
            return Optional.empty();
        }
        return known(object, id, records.find(id));
    }

    private Optional<InboundRecord> known(SyncedObject object, String id, Optional<InboundRecord> rec) {
        if (rec.isPresent()) {
            return rec;
        }
        return switch (object) {
            case LEAD -> contacts.findBySfLeadId(id)
                    .map(c -> new InboundRecord(id, object, State.LINKED, c.id(), null, 0L));
            case CONTACT -> contacts.findBySfContactId(id)
                    .map(c -> new InboundRecord(id, object, State.LINKED, c.id(), null, 0L));
            // A placeholder company (created for a Contact's AccountId) is not the Account yet.
            case ACCOUNT -> companies.findBySfAccountId(id).filter(c -> c.name() != null)
                    .map(c -> new InboundRecord(id, object, State.LINKED, null, c.id(), 0L));
        };
    }
}
