package io.conversion.sync.outbound;

import io.conversion.sync.database.DatabaseOutage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.springframework.stereotype.Component;

/**
 * Claims whose transaction went unanswered. The connection can drop after the database committed a claim and before
 * its answer arrived (a network cut, a failover): the batch sees an outage and never runs, and its claim would hold
 * the contacts (and an IN_PROGRESS batch entry) until the lease runs out, minutes later. So a claim that fails for
 * want of the database is noted here, and the next scheduled claim first gives such claims back, once the database answers
 * (as a restart gives back a killed node's claims, {@link StaleClaims}).
 */
@Component
class UnansweredClaims {

    private final StaleClaims staleClaims;
    private final Set<String> unanswered = ConcurrentHashMap.newKeySet();

    UnansweredClaims(StaleClaims staleClaims) {
        this.staleClaims = staleClaims;
    }

    /**
     * Runs the claim's transaction (how many rows it claimed); when the database does not answer, the token is kept
     * to be given back.
     */
    int claim(String token, IntSupplier transaction) {
        try {
            return transaction.getAsInt();
        } catch (RuntimeException e) {
            if (DatabaseOutage.is(e)) {
                unanswered.add(token);
            }
            throw e;
        }
    }

    /**
     * Gives back the unanswered claims: called first by every scheduled claim, whether or not it finds a backlog (a
     * claimed contact is not in it). Throws while the database still does not answer: they stay listed.
     */
    void giveBack() {
        for (String token : unanswered) {
            staleClaims.release(token, StaleClaims.UNANSWERED); // logs what it took back
            unanswered.remove(token);
        }
    }

    /** Claims waiting to be given back. */
    int waiting() {
        return unanswered.size();
    }
}
