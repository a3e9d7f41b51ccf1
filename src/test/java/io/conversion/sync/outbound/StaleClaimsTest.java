package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.activity.SyncBatch;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Contacts claimed by a worker that was killed wait for nobody: when the node starts again, the claims it held are
 * given back at once (not after the 5-minute lease), while another node's live claims are left alone.
 */
class StaleClaimsTest extends OutboundTestSupport {

    @Autowired
    StaleClaims staleClaims;
    @Autowired
    ClaimTokens tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SyncBatches batches;
    @Autowired
    OrphanBatches orphanBatches;
    @Autowired
    ActivityLog activity;
    @Autowired
    UnansweredClaims unanswered;

    @Test
    void a_restarted_node_sends_the_contacts_its_killed_worker_had_claimed_at_once() throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String mine = "claimed-here@" + uniqueDomain("stale");
        String theirs = "claimed-there@" + uniqueDomain("stale");
        camel.getRouteController().stopRoute("outbound-salesforce-sync");
        try {
            publishJms(message(mine, "Stale"), message(theirs, "Stale"));
            awaitStatus(mine, SyncStatus.PENDING);
            awaitStatus(theirs, SyncStatus.PENDING);
            // What a kill leaves: fresh claims, this node's and a live other node's.
            claim(mine, tokens.next());
            claim(theirs, "other-node/" + "live-claim");
        } finally {
            camel.getRouteController().startRoute("outbound-salesforce-sync");
        }
        // Within its lease a claim is respected: nothing is sent for either.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> status(mine) == SyncStatus.PENDING && status(theirs) == SyncStatus.PENDING);

        assertThat(staleClaims.releaseOwn()).as("this node's claim given back").isGreaterThanOrEqualTo(1);

        Contact synced = awaitStatus(mine, SyncStatus.SYNCED);
        assertThat(sfRecords("Lead", "Email", mine)).hasSize(1);
        assertThat(synced.sfLeadId()).isNotNull();
        assertThat(status(theirs)).as("another node's live claim").isEqualTo(SyncStatus.PENDING);

        // Clean up: the other node "dies" too, its lease expires, and its contact is sent once.
        jdbc.sql("update contact set sync_claimed_at = :old where email = :email")
                .param("old", Timestamp.from(Instant.now().minus(Duration.ofHours(1)))).param("email", theirs)
                .update();
        awaitStatus(theirs, SyncStatus.SYNCED);
        assertThat(sfRecords("Lead", "Email", theirs)).hasSize(1);
    }

    @Test
    void the_entry_of_a_batch_a_kill_interrupted_is_closed_abandoned_at_the_restart_and_its_contact_sent_by_the_next()
            throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String email = "interrupted@" + uniqueDomain("stale");
        String token = tokens.next();
        long entry;
        camel.getRouteController().stopRoute("outbound-salesforce-sync");
        try {
            publishJms(message(email, "Interrupted"));
            awaitStatus(email, SyncStatus.PENDING);
            // What a kill in the middle of a batch leaves: its claim and its entry IN_PROGRESS (one transaction).
            claim(email, token);
            entry = batches.start(Activity.Direction.OUTBOUND, "CREATE", null, token, System.currentTimeMillis());
        } finally {
            camel.getRouteController().startRoute("outbound-salesforce-sync");
        }
        assertThat(batches.get(entry).orElseThrow().status()).isEqualTo("IN_PROGRESS");

        staleClaims.releaseOwn();

        SyncBatch abandoned = batches.get(entry).orElseThrow();
        assertThat(abandoned.status()).isEqualTo("ABANDONED");
        assertThat(abandoned.finishedAt()).isNotNull();
        assertThat(abandoned.note()).contains("stopped while this batch ran");
        Contact synced = awaitStatus(email, SyncStatus.SYNCED);
        Activity created = activity.find(new ActivityQuery(Activity.Direction.OUTBOUND, Activity.Outcome.APPLIED,
                null, synced.id(), null, 10)).stream().filter(a -> a.batchId() != null).findFirst().orElseThrow();
        assertThat(created.batchId()).as("sent by a batch of its own").isNotEqualTo(entry);
        await().atMost(Duration.ofSeconds(30)).until(() -> batches.get(created.batchId()).orElseThrow().status(),
                "COMPLETED"::equals);
    }

    @Test
    void an_entry_left_running_after_its_claim_expired_is_closed_abandoned_while_a_working_batch_keeps_its_own()
            throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String email = "working@" + uniqueDomain("orphan");
        long longAgo = Instant.now().minus(Duration.ofMinutes(10)).toEpochMilli();
        String working = tokens.next();
        long orphan = batches.start(Activity.Direction.OUTBOUND, "CREATE", null, tokens.next(), longAgo);
        long alive;
        camel.getRouteController().stopRoute("outbound-salesforce-sync");
        try {
            publishJms(message(email, "Working"));
            awaitStatus(email, SyncStatus.PENDING);
            claim(email, working); // a batch that renews its claim on every attempt
            alive = batches.start(Activity.Direction.OUTBOUND, "CREATE", null, working, longAgo);

            assertThat(orphanBatches.close()).isGreaterThanOrEqualTo(1);

            assertThat(batches.get(orphan).orElseThrow().status()).isEqualTo("ABANDONED");
            assertThat(batches.get(orphan).orElseThrow().note()).contains("claim expired");
            assertThat(batches.get(alive).orElseThrow().status()).isEqualTo("IN_PROGRESS");
            staleClaims.releaseOwn(); // the working batch "stops": its claim and entry are given back
        } finally {
            camel.getRouteController().startRoute("outbound-salesforce-sync");
        }
        assertThat(batches.get(alive).orElseThrow().status()).isEqualTo("ABANDONED");
        awaitStatus(email, SyncStatus.SYNCED);
    }

    @Test
    void a_claim_whose_commit_went_unanswered_is_given_back_by_the_next_claim_and_its_contact_sent_once()
            throws Exception {
        outbound(true, CreateAs.LEAD, false, false);
        String email = "unanswered@" + uniqueDomain("stale");
        String token = tokens.next();
        long[] entry = new long[1];
        camel.getRouteController().stopRoute("outbound-salesforce-sync");
        try {
            publishJms(message(email, "Unanswered"));
            awaitStatus(email, SyncStatus.PENDING);
            // A claim the database refused (not an outage) claimed nothing: nothing to give back.
            assertThatThrownBy(() -> unanswered.claim(tokens.next(), () -> {
                throw new IllegalStateException("test: refused");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(unanswered.waiting()).isZero();
            // The claim commits, then the connection drops before its answer: the batch sees an outage.
            assertThatThrownBy(() -> unanswered.claim(token, () -> {
                claim(email, token);
                entry[0] = batches.start(Activity.Direction.OUTBOUND, "CREATE", null, token,
                        System.currentTimeMillis());
                throw new DataAccessResourceFailureException("test: connection reset before the commit's answer");
            })).isInstanceOf(DataAccessResourceFailureException.class);
        } finally {
            camel.getRouteController().startRoute("outbound-salesforce-sync");
        }

        Contact synced = awaitStatus(email, SyncStatus.SYNCED); // well within the 5-minute lease
        assertThat(sfRecords("Lead", "Email", email)).hasSize(1);
        assertThat(unanswered.waiting()).isZero();
        SyncBatch abandoned = batches.get(entry[0]).orElseThrow();
        assertThat(abandoned.status()).isEqualTo("ABANDONED");
        assertThat(abandoned.note()).contains("did not answer");
        assertThat(synced.sfLeadId()).isNotNull();
    }

    @Test
    void a_node_id_that_would_break_the_claim_pattern_is_refused() {
        for (String bad : new String[] {"a/b", "a%b", "a_b", "n".repeat(61)}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClaimTokens(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sync.node-id");
        }
        assertThat(new ClaimTokens("node-1").next()).startsWith("node-1/");
    }

    private void claim(String email, String token) {
        jdbc.sql("update contact set sync_claim = :token, sync_claimed_at = :now where email = :email")
                .param("token", token).param("now", Timestamp.from(Instant.now())).param("email", email).update();
    }

    private SyncStatus status(String email) {
        return contacts.findByEmail(email).orElseThrow().syncStatus();
    }
}
