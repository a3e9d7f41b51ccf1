package io.conversion.sync.outbound;

import io.conversion.sync.contacts.Attributes;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox of outbound sync, kept in the {@code contact} table (the database is the outbox): a contact's sync
 * plan, its place in the queue, the claim of the batch worker sending it, and the outcome of sending it. The only
 * writer of the plan, pending and claim columns ({@code plan_*}, {@code pending_since}, {@code sync_claim},
 * {@code sync_claimed_at}, {@code sf_sent_at}, {@code own_account_*}) and of the outbound status transitions; the contact's record itself
 * is written only by {@link io.conversion.sync.contacts.ContactRepository}. All SQL binds its values.
 * (Over 250 lines: the one writer of the outbox columns of {@code contact}; every claim, lease and outcome query of
 * them lives here, by design.)
 */
@Repository
public class ContactOutbox {

    /** How many PENDING contacts wait, and since when (oldest) and until when (newest) they arrived. */
    public record Backlog(long count, Instant oldest, Instant newest) {
    }

    /** The own Account about to be created for a contact: its Name and Website (null for a personal domain). */
    public record OwnAccountSend(long contactId, String name, String website) {
    }

    /** The sync plan written with a contact entering the queue; claims of an earlier pass are dropped. */
    private static final String QUEUE = """
            update contact set sync_status = 'PENDING', sync_error = null, plan_create_as = :createAs,
                plan_link_by_domain = :link, plan_create_accounts = :createAccounts, pending_since = :now,
                sync_claim = null, sync_claimed_at = null, updated_at = :now
            where id = :id""";
    /** PENDING and not claimed by a live worker (a claim older than the lease is taken over). */
    private static final String CLAIMABLE =
            "sync_status = 'PENDING' and (sync_claim is null or sync_claimed_at < :expiry)";

    /** Clears the marker of an own-Account create (its outcome is known). */
    private static final String OWN_ACCOUNT_SETTLED =
            "own_account_sent_at = null, own_account_name = null, own_account_website = null";

    /** The update that records a contact's Salesforce ids and ends its pending sync. */
    private static final String SYNCED = """
            update contact set sync_status = 'SYNCED', sync_error = null, company_id = :companyId,
                sf_lead_id = :leadId, sf_contact_id = :contactId, sf_account_id = :accountId,
                sync_claim = null, sync_claimed_at = null, sf_sent_at = null, updated_at = :now,
            """ + OWN_ACCOUNT_SETTLED + " ";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;

    ContactOutbox(JdbcClient jdbc, NamedParameterJdbcTemplate named, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
        this.clock = clock;
    }

    // ---- Queueing ----

    /** Queues a contact for Salesforce with the plan of these settings. */
    public void markPending(long contactId, SyncSettings.Outbound plan) {
        queue(QUEUE, contactId, plan);
    }

    /**
     * "Sync now": queues a contact that is not queued yet (SKIPPED, NOT_SYNCED, FAILED) with this plan. Atomic: of
     * concurrent requests only one queues it, and a contact already PENDING (perhaps being sent right now) or
     * SYNCED is left alone. Returns whether this call queued it.
     */
    public boolean requeue(long contactId, SyncSettings.Outbound plan) {
        return queue(QUEUE + " and sync_status in ('SKIPPED', 'NOT_SYNCED', 'FAILED', 'DELETED_IN_SALESFORCE')", contactId, plan) == 1;
    }

    private int queue(String sql, long contactId, SyncSettings.Outbound plan) {
        return jdbc.sql(sql)
                .param("id", contactId).param("createAs", plan.createAs().name())
                .param("link", plan.linkToAccountsByDomain()).param("createAccounts", plan.createAccounts())
                .param("now", now()).update();
    }

    public Backlog backlog(Instant claimExpiry) {
        return jdbc.sql("select count(*), min(pending_since), max(pending_since) from contact where " + CLAIMABLE)
                .param("expiry", Timestamp.from(claimExpiry))
                .query((rs, n) -> new Backlog(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))))
                .single();
    }

    // ---- Claims ----

    /** Claims up to {@code limit} PENDING contacts for this token; returns how many it got. */
    public int claim(String token, int limit, Instant claimExpiry) {
        List<Long> ids = jdbc.sql("select id from contact where " + CLAIMABLE + " order by id limit :limit")
                .param("expiry", Timestamp.from(claimExpiry)).param("limit", limit).query(Long.class).list();
        if (ids.isEmpty()) {
            return 0;
        }
        // The guard is repeated in the update: of two workers that selected the same rows, only one claims each.
        return jdbc.sql("update contact set sync_claim = :token, sync_claimed_at = :now where id in (:ids) and "
                        + CLAIMABLE)
                .param("token", token).param("now", now()).param("ids", ids)
                .param("expiry", Timestamp.from(claimExpiry)).update();
    }

    /** When the newest contact of a claim was queued (null: none). */
    public Instant newestPendingSince(String token) {
        return jdbc.sql("select max(pending_since) from contact where sync_claim = :token")
                .param("token", token).query((rs, n) -> instant(rs.getTimestamp(1))).single();
    }

    public List<PendingContact> claimed(String token) {
        return jdbc.sql("select * from contact where sync_claim = :token and sync_status = 'PENDING' order by id")
                .param("token", token).query(ContactOutbox::pending).list();
    }

    /**
     * Notes that a request creating these contacts' Leads/Contacts is about to be sent (the first time only): until
     * its answer is recorded, any later attempt reconciles with Salesforce before creating again.
     */
    public void sending(List<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return;
        }
        jdbc.sql("update contact set sf_sent_at = :now where id in (:ids) and sf_sent_at is null")
                .param("now", now()).param("ids", contactIds).update();
    }

    /**
     * Notes, before the request leaves, the Accounts about to be created for contacts alone (one batched statement):
     * until an Account's answer is recorded ({@link #linkOwnAccount}) or it is refused ({@link #ownAccountRefused}), a
     * later attempt looks it up in Salesforce before creating it again ({@link OwnAccountReconciliation}). The first
     * send's time is kept (the lookup covers every attempt since), the name and website are those of the latest send.
     */
    public void sendingOwnAccounts(List<OwnAccountSend> sends) {
        if (sends.isEmpty()) {
            return;
        }
        Timestamp now = now();
        named.batchUpdate("update contact set own_account_sent_at = coalesce(own_account_sent_at, :now), "
                        + "own_account_name = :name, own_account_website = :website where id = :id",
                sends.stream().map(s -> new MapSqlParameterSource().addValue("now", now).addValue("name", s.name())
                                .addValue("website", s.website()).addValue("id", s.contactId()))
                        .toArray(SqlParameterSource[]::new));
    }

    /** Salesforce refused the contact's own Account: none was created, nothing to look up on a retry. */
    public void ownAccountRefused(long contactId) {
        jdbc.sql("update contact set " + OWN_ACCOUNT_SETTLED + " where id = :id").param("id", contactId).update();
    }

    /**
     * Of these contacts, the ones still PENDING under this claim. Read just before their create leaves: a contact that
     * inbound sync linked meanwhile (a rep created its Lead while the batch looked emails up) lost its claim then.
     */
    public Set<Long> stillClaimed(String token, List<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from contact where id in (:ids) and sync_claim = :token"
                        + " and sync_status = 'PENDING'")
                .param("ids", contactIds).param("token", token).query(Long.class).list());
    }

    /** Gives back every claim whose token matches (a node's claims from before its restart); returns how many. */
    public int releaseClaimsLike(String tokenPattern) {
        return jdbc.sql("update contact set sync_claim = null, sync_claimed_at = null where sync_claim like :pattern")
                .param("pattern", tokenPattern).update();
    }

    /** Keeps a claim alive: run before every attempt, so retries longer than the lease never lose it. */
    /** Whether a claim still holds a contact within its lease (a batch working on it renews it every attempt). */
    public boolean holds(String token, Instant claimExpiry) {
        return jdbc.sql("select count(*) from contact where sync_claim = :token and sync_claimed_at >= :expiry")
                .param("token", token).param("expiry", Timestamp.from(claimExpiry)).query(Long.class).single() > 0;
    }

    public void renew(String token) {
        jdbc.sql("update contact set sync_claimed_at = :now where sync_claim = :token")
                .param("token", token).param("now", now()).update();
    }

    /** Gives a claimed contact back to the outbox (e.g. its domain's Account is being created by another worker). */
    public void release(long contactId, String token) {
        jdbc.sql("update contact set sync_claim = null, sync_claimed_at = null where id = :id and sync_claim = :token")
                .param("id", contactId).param("token", token).update();
    }

    /**
     * Gives every contact of a claim still PENDING back to the outbox with the reason it waits (shown as its
     * {@code syncError}; cleared when it is synced). {@code sf_sent_at} is kept: the next attempt reconciles.
     */
    public List<PendingContact> waitClaimed(String token, String reason) {
        List<PendingContact> contacts = claimed(token);
        jdbc.sql("update contact set sync_claim = null, sync_claimed_at = null, sync_error = :reason "
                        + "where sync_claim = :token and sync_status = 'PENDING'")
                .param("token", token).param("reason", truncate(reason)).update();
        return contacts;
    }

    /**
     * Salesforce is unavailable: the PENDING contacts no batch holds show why they wait ({@code syncError}); only the
     * rows that do not show it yet are written.
     */
    public int showWaiting(String reason, Instant claimExpiry) {
        String r = truncate(reason);
        return jdbc.sql("update contact set sync_error = :reason where " + CLAIMABLE
                        + " and (sync_error is null or sync_error <> :reason)")
                .param("reason", r).param("expiry", Timestamp.from(claimExpiry)).update();
    }

    // ---- Results ----

    public void synced(long contactId, Long companyId, String leadId, String sfContactId, String accountId) {
        synced(SYNCED + "where id = :id", contactId, companyId, leadId, sfContactId, accountId).update();
    }

    /**
     * As {@link #synced}, only while this claim still holds the contact: false when inbound sync linked it to a record
     * a Salesforce user made while this batch's create was on its way (the created record is then surplus).
     */
    public boolean syncedUnderClaim(String token, long contactId, Long companyId, String leadId, String sfContactId,
            String accountId) {
        return synced(SYNCED + "where id = :id and sync_claim = :token and sync_status = 'PENDING'", contactId,
                companyId, leadId, sfContactId, accountId).param("token", token).update() == 1;
    }

    private JdbcClient.StatementSpec synced(String sql, long contactId, Long companyId, String leadId,
            String sfContactId, String accountId) {
        return jdbc.sql(sql).param("id", contactId).param("companyId", companyId).param("leadId", leadId)
                .param("contactId", sfContactId).param("accountId", accountId).param("now", now());
    }

    /** The standalone company of a contact just synced as a Lead. */
    public void linkCompany(long contactId, long companyId) {
        jdbc.sql("update contact set company_id = :companyId, updated_at = :now where id = :id")
                .param("id", contactId).param("companyId", companyId).param("now", now()).update();
    }

    /**
     * A Lead/Contact made in Salesforce was linked to this contact by inbound sync: its pending create (queue place,
     * claim, unsettled send) is dropped, so outbound never creates a second record for it.
     */
    public void linkedBySalesforce(long contactId) {
        jdbc.sql("update contact set sync_claim = null, sync_claimed_at = null, sf_sent_at = null, pending_since = null,"
                        + " sync_error = null, " + OWN_ACCOUNT_SETTLED + " where id = :id")
                .param("id", contactId).update();
    }

    /**
     * Salesforce refused the contact's record, or its own Account (or it could not be sent): no record exists for it
     * in Salesforce, and no own Account that is not linked already.
     */
    public void failed(long contactId, String error) {
        fail(contactId, error, ", sf_sent_at = null, " + OWN_ACCOUNT_SETTLED);
    }

    /**
     * Marks every contact of a claim that is still PENDING as FAILED; returns them. Salesforce's answer is unknown
     * (retries exhausted): {@code sf_sent_at} is kept, so "sync now" reconciles before creating again.
     */
    public List<PendingContact> failClaimed(String token, String error) {
        List<PendingContact> contacts = claimed(token);
        contacts.forEach(c -> fail(c.id(), error, ""));
        return contacts;
    }

    private void fail(long contactId, String error, String alsoSet) {
        jdbc.sql("update contact set sync_status = 'FAILED', sync_error = :error, sync_claim = null, "
                        + "sync_claimed_at = null" + alsoSet + ", updated_at = :now where id = :id")
                .param("id", contactId).param("error", truncate(error)).param("now", now()).update();
    }

    /**
     * Links a contact to the Account created for it alone (kept if a later step of the batch fails); its create's
     * marker is cleared.
     */
    public void linkOwnAccount(long contactId, long companyId, String accountId) {
        jdbc.sql("update contact set company_id = :companyId, sf_account_id = :accountId, updated_at = :now, "
                        + OWN_ACCOUNT_SETTLED + " where id = :id")
                .param("id", contactId).param("companyId", companyId).param("accountId", accountId)
                .param("now", now()).update();
    }

    private Timestamp now() {
        return new Timestamp(clock.millis());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
    }

    private static PendingContact pending(ResultSet rs, int row) throws SQLException {
        String createAs = rs.getString("plan_create_as");
        return new PendingContact(rs.getLong("id"), rs.getString("email"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("title"), rs.getString("phone"), rs.getString("company_name"),
                rs.getObject("company_id", Long.class), rs.getString("sf_account_id"),
                createAs == null ? CreateAs.LEAD : CreateAs.valueOf(createAs), rs.getBoolean("plan_link_by_domain"),
                rs.getBoolean("plan_create_accounts"), instant(rs.getTimestamp("sf_sent_at")),
                Attributes.fromJson(rs.getString("attributes")), instant(rs.getTimestamp("pending_since")),
                ownAccountSent(rs));
    }

    private static PendingContact.OwnAccountSent ownAccountSent(ResultSet rs) throws SQLException {
        Instant at = instant(rs.getTimestamp("own_account_sent_at"));
        return at == null ? null
                : new PendingContact.OwnAccountSent(rs.getString("own_account_name"),
                        rs.getString("own_account_website"), at);
    }
}
