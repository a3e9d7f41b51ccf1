package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettingsSnapshot;
import io.conversion.sync.settings.SyncSettingsService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Conversion's companies as a mirror of Salesforce's Accounts: whether it is complete (so that a domain it does not
 * know has no Account, and outbound matching needs no SOQL), and how far the Account change stream has been applied.
 * <p>
 * <b>Complete</b>: Accounts inbound is on and an Account initial import completed after it was switched on (an import
 * stops when the toggle goes off, so a completed one ran while it was on): everything before is imported, everything
 * since arrives as change events.
 * <p>
 * <b>Event lag</b>: an Account created a moment ago may still be on its way. The mirror can be trusted for a contact
 * that arrived at {@code t} once an Account event committed at or after {@code t} has been applied (events come in
 * commit order), or once {@code t} is {@code sync.outbound.account-event-lag-ms} old while the Account stream runs.
 */
@Component
public class AccountMirror {

    private final SyncSettingsService settings;
    private final InitialImportStateRepository imports;
    private final Clock clock;
    private final Duration lag;
    /** Commit time (epoch ms) of the newest Account change event whose batch has committed. */
    private final AtomicLong appliedUpTo = new AtomicLong(Long.MIN_VALUE);

    private final StreamStatus streams;

    AccountMirror(SyncSettingsService settings, InitialImportStateRepository imports, StreamStatus streams,
            Clock clock, @Value("${sync.outbound.account-event-lag-ms:2000}") long lagMs) {
        this.streams = streams;
        this.settings = settings;
        this.imports = imports;
        this.clock = clock;
        this.lag = Duration.ofMillis(lagMs);
    }

    /** Accounts inbound on, and an Account import completed since it was switched on. */
    public boolean complete() {
        SyncSettingsSnapshot s = settings.snapshot();
        if (!s.settings().inbound().accounts()) {
            return false;
        }
        Optional<Instant> imported = imports.lastCompleted(SyncedObject.ACCOUNT);
        return imported.isPresent() && !imported.get().isBefore(s.accountsSince());
    }

    /** Whether an Account created before {@code arrival} is in the mirror by now (see the class comment). */
    public boolean caughtUpTo(Instant arrival) {
        if (appliedUpTo.get() >= arrival.toEpochMilli()) {
            return true;
        }
        // The lag rule needs a live stream: a stopped or failed one would keep missing new Accounts.
        return !clock.instant().isBefore(arrival.plus(lag)) && streams.byChannel(SyncedObject.ACCOUNT.channel())
                .map(c -> c.state() == StreamStatus.State.STARTED).orElse(false);
    }

    /** Why the mirror is not trusted for {@code arrival} yet, for the log. */
    public String lagging(Instant arrival) {
        long applied = appliedUpTo.get();
        return "contacts arrived at " + arrival + ", Account events applied up to "
                + (applied == Long.MIN_VALUE ? "none yet" : Instant.ofEpochMilli(applied)) + ", Account stream "
                + streams.byChannel(SyncedObject.ACCOUNT.channel()).map(c -> c.state().name()).orElse("not started");
    }

    /**
     * Waits until {@link #caughtUpTo} (at most the event lag): the short hold of a burst's first batch, which then
     * needs no query. Returns whether the mirror caught up.
     */
    public boolean awaitCaughtUpTo(Instant arrival) {
        long deadline = System.nanoTime() + lag.toNanos(); // real time: the service clock may be a test's
        while (!caughtUpTo(arrival)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Called once a batch writer transaction committed: the Account events in it are in the mirror now. */
    void committed(List<InboundBatchWriter.Item> items) {
        long newest = Long.MIN_VALUE;
        for (InboundBatchWriter.Item item : items) {
            if (item.event() != null && item.event().object() == SyncedObject.ACCOUNT) {
                newest = Math.max(newest, item.event().commitTimestamp());
            }
        }
        appliedUpTo.accumulateAndGet(newest, Math::max);
    }
}
