package io.conversion.sync.inbound;

import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.inbound.InboundRecord.State;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * An Account merge in Salesforce ({@link MergeLookup} found the deleted Account's MasterRecordId). Salesforce moves
 * the loser's Contacts to the winner without a change event of theirs, so Conversion moves them here: their Account id
 * becomes the winner's and they belong to the winner's company. The loser's company is folded into the winner's
 * (kept, pointing at it; the winner's company takes the domain, the name and attributes it lacks; the winner's
 * Salesforce values arrive with the merge's UPDATE), or, when Conversion has no company for the winner, simply
 * follows the winner. Logged MERGED, workflow trigger MERGED.
 */
@Component
class AccountMerges {

    private final CompanyRepository companies;
    private final ContactRepository contacts;

    AccountMerges(CompanyRepository companies, ContactRepository contacts) {
        this.companies = companies;
        this.contacts = contacts;
    }

    /** @return false when Conversion holds nothing of the loser (then it is an ordinary delete) */
    boolean fold(ChangeEvent e, String loserId, String winnerId, Optional<InboundRecord> rec, BatchResults out) {
        Company loser = companies.findBySfAccountId(loserId).orElse(null);
        Company winner = companies.findBySfAccountId(winnerId).orElse(null);
        String merge = "Account " + loserId + " merged into Account " + winnerId + " in Salesforce";
        Long survivor;
        Long merged = null;
        String detail;
        if (loser == null) {
            survivor = winner == null ? null : winner.id();
            int moved = contacts.moveToAccount(loserId, winnerId, survivor);
            if (moved == 0) {
                return false;
            }
            detail = "; " + moved + " contacts moved to it";
        } else if (winner == null) {
            companies.relinkAccount(loser.id(), winnerId);
            int moved = contacts.moveToAccount(loserId, winnerId, loser.id());
            survivor = loser.id();
            detail = "; Conversion company " + loser.id() + " now follows Account " + winnerId + " (" + moved
                    + " contacts)";
        } else {
            companies.markMerged(loser.id(), winner.id()); // frees its Account id and domain first
            fillGaps(loser, winner);
            contacts.moveToCompany(loser.id(), winner.id());
            int moved = contacts.moveToAccount(loserId, winnerId, winner.id());
            survivor = winner.id();
            merged = loser.id();
            detail = "; Conversion company " + loser.id() + " merged into " + winner.id() + " (kept), " + moved
                    + " contacts moved to Account " + winnerId;
        }
        out.saveRecord(new InboundRecord(loserId, SyncedObject.ACCOUNT, State.DELETED, null, survivor,
                e.commitTimestamp()));
        out.merged(e, loserId, winnerId, survivor, merged, null, merge + detail);
        return true;
    }

    /** What the winner's company lacks: the domain (and its ownership, if free), the name, attributes. */
    private void fillGaps(Company loser, Company winner) {
        if (loser.domain() != null && (winner.domain() == null || winner.domain().equalsIgnoreCase(loser.domain()))) {
            companies.takeDomain(winner.id(), loser.domain());
        }
        if (winner.name() == null && loser.name() != null) {
            companies.updateName(winner.id(), loser.name());
        }
        Map<String, String> attributes = new TreeMap<>(loser.attributes());
        attributes.putAll(winner.attributes());
        if (!attributes.equals(winner.attributes())) {
            companies.updateAttributes(winner.id(), attributes);
        }
    }
}
