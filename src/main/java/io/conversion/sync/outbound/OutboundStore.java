package io.conversion.sync.outbound;

import io.conversion.sync.contacts.Company;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The outbound side of Conversion's store: sync plans, the PENDING outbox, worker claims on contacts and on the
 * creation of a domain's Account. All SQL binds its values.
 */
@Repository
public class OutboundStore {

    /** How many PENDING contacts wait, and since when (oldest) and until when (newest) they arrived. */
    public record Backlog(long count, Instant oldest, Instant newest) {
    }

    /** Outcome of claiming the creation of a domain's Account. */
    public sealed interface DomainClaim {
        /** This worker creates the Account of the company. */
        record Owner(long companyId) implements DomainClaim {
        }

        /** The domain's company already has its Account. */
        record Existing(long companyId, String accountId) implements DomainClaim {
        }

        /** Another worker is creating it right now: try again later. */
        record Busy() implements DomainClaim {
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    OutboundStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // ---- Queueing ----

    /** Queues a contact for Salesforce with the plan of these settings. */
    public void markPending(long contactId, SyncSettings.Outbound plan) {
        Timestamp now = now();
        jdbc.sql("""
                update contact set sync_status = 'PENDING', sync_error = null, plan_create_as = :createAs,
                    plan_link_by_domain = :link, plan_create_accounts = :createAccounts, pending_since = :now,
                    sync_claim = null, sync_claimed_at = null, updated_at = :now
                where id = :id""")
                .param("id", contactId).param("createAs", plan.createAs().name())
                .param("link", plan.linkToAccountsByDomain()).param("createAccounts", plan.createAccounts())
                .param("now", now).update();
    }

    /**
     * "Sync now": queues a contact that is not queued yet (SKIPPED, NOT_SYNCED, FAILED) with this plan. Atomic: of
     * concurrent requests only one queues it, and a contact already PENDING (perhaps being sent right now) or
     * SYNCED is left alone. Returns whether this call queued it.
     */
    public boolean requeue(long contactId, SyncSettings.Outbound plan) {
        Timestamp now = now();
        return jdbc.sql("""
                update contact set sync_status = 'PENDING', sync_error = null, plan_create_as = :createAs,
                    plan_link_by_domain = :link, plan_create_accounts = :createAccounts, pending_since = :now,
                    sync_claim = null, sync_claimed_at = null, updated_at = :now
                where id = :id and sync_status in ('SKIPPED', 'NOT_SYNCED', 'FAILED')""")
                .param("id", contactId).param("createAs", plan.createAs().name())
                .param("link", plan.linkToAccountsByDomain()).param("createAccounts", plan.createAccounts())
                .param("now", now).update() == 1;
    }

    public Backlog backlog(Instant claimExpiry) {
        return jdbc.sql("""
                select count(*), min(pending_since), max(pending_since) from contact
                where sync_status = 'PENDING' and (sync_claim is null or sync_claimed_at < :expiry)""")
                .param("expiry", Timestamp.from(claimExpiry))
                .query((rs, n) -> new Backlog(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))))
                .single();
    }

    /** Claims up to {@code limit} PENDING contacts for this token; returns how many it got. */
    public int claim(String token, int limit, Instant claimExpiry) {
        List<Long> ids = jdbc.sql("""
                select id from contact where sync_status = 'PENDING' and (sync_claim is null or sync_claimed_at < :expiry)
                order by id limit :limit""")
                .param("expiry", Timestamp.from(claimExpiry)).param("limit", limit).query(Long.class).list();
        if (ids.isEmpty()) {
            return 0;
        }
        // The guard is repeated in the update: of two workers that selected the same rows, only one claims each.
        return jdbc.sql("""
                update contact set sync_claim = :token, sync_claimed_at = :now
                where id in (:ids) and sync_status = 'PENDING' and (sync_claim is null or sync_claimed_at < :expiry)""")
                .param("token", token).param("now", now()).param("ids", ids)
                .param("expiry", Timestamp.from(claimExpiry)).update();
    }

    public List<PendingContact> claimed(String token) {
        return jdbc.sql("""
                select * from contact where sync_claim = :token and sync_status = 'PENDING' order by id""")
                .param("token", token)
                .query((rs, n) -> new PendingContact(rs.getLong("id"), rs.getString("email"),
                        rs.getString("first_name"), rs.getString("last_name"), rs.getString("title"),
                        rs.getString("phone"), rs.getString("company_name"), rs.getObject("company_id", Long.class),
                        rs.getString("sf_account_id"),
                        CreateAs.valueOf(rs.getString("plan_create_as") == null ? "LEAD" : rs.getString("plan_create_as")),
                        rs.getBoolean("plan_link_by_domain"), rs.getBoolean("plan_create_accounts"),
                        instant(rs.getTimestamp("sf_sent_at"))))
                .list();
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

    /** Gives a claimed contact back to the outbox (e.g. its domain's Account is being created by another worker). */
    public void release(long contactId, String token) {
        jdbc.sql("update contact set sync_claim = null, sync_claimed_at = null where id = :id and sync_claim = :token")
                .param("id", contactId).param("token", token).update();
    }

    // ---- Results ----

    public void synced(long contactId, Long companyId, String leadId, String contactId2, String accountId) {
        jdbc.sql("""
                update contact set sync_status = 'SYNCED', sync_error = null, company_id = :companyId,
                    sf_lead_id = :leadId, sf_contact_id = :contactId, sf_account_id = :accountId,
                    sync_claim = null, sync_claimed_at = null, sf_sent_at = null, updated_at = :now
                where id = :id""")
                .param("id", contactId).param("companyId", companyId).param("leadId", leadId)
                .param("contactId", contactId2).param("accountId", accountId).param("now", now()).update();
    }

    /** Salesforce refused the contact's record (or it could not be sent): no record exists for it in Salesforce. */
    public void failed(long contactId, String error) {
        jdbc.sql("""
                update contact set sync_status = 'FAILED', sync_error = :error, sync_claim = null, sync_claimed_at = null,
                    sf_sent_at = null, updated_at = :now
                where id = :id""")
                .param("id", contactId).param("error", truncate(error)).param("now", now()).update();
    }

    /**
     * Marks every contact of a claim that is still PENDING as FAILED; returns them. Salesforce's answer is unknown
     * (retries exhausted): {@code sf_sent_at} is kept, so "sync now" reconciles before creating again.
     */
    public List<PendingContact> failClaimed(String token, String error) {
        List<PendingContact> contacts = claimed(token);
        contacts.forEach(c -> jdbc.sql("""
                update contact set sync_status = 'FAILED', sync_error = :error, sync_claim = null, sync_claimed_at = null,
                    updated_at = :now
                where id = :id""")
                .param("id", c.id()).param("error", truncate(error)).param("now", now()).update());
        return contacts;
    }

    /** Links a contact to the Account created for it alone (kept if a later step of the batch fails). */
    public void linkOwnAccount(long contactId, long companyId, String accountId) {
        jdbc.sql("update contact set company_id = :companyId, sf_account_id = :accountId, updated_at = :now where id = :id")
                .param("id", contactId).param("companyId", companyId).param("accountId", accountId)
                .param("now", now()).update();
    }

    public SyncStatus status(long contactId) {
        return jdbc.sql("select sync_status from contact where id = :id").param("id", contactId)
                .query((rs, n) -> SyncStatus.valueOf(rs.getString(1))).single();
    }

    // ---- Domain companies ----

    public Optional<Company> domainCompany(String domain) {
        return jdbc.sql("select * from company where domain_key = :domain").param("domain", domain)
                .query(OutboundStore::company).optional();
    }

    public Optional<Company> companyOfAccount(String accountId) {
        return jdbc.sql("select * from company where sf_account_id = :id").param("id", accountId)
                .query(OutboundStore::company).optional();
    }

    /**
     * Claims the creation of the Account of a domain: the company row of the domain (unique domain_key) is
     * created or taken over with this token, so two workers or nodes never create two Accounts for one domain.
     */
    public DomainClaim claimDomain(String domain, String name, String token, Instant claimExpiry) {
        Optional<Company> existing = domainCompany(domain);
        if (existing.isEmpty()) {
            try {
                var keys = new GeneratedKeyHolder();
                jdbc.sql("""
                        insert into company (name, domain, domain_key, standalone, account_claim, account_claimed_at,
                            created_at, updated_at)
                        values (:name, :domain, :domain, false, :token, :now, :now, :now)""")
                        .param("name", name).param("domain", domain).param("token", token).param("now", now())
                        .update(keys, "id");
                return new DomainClaim.Owner(keys.getKey().longValue());
            } catch (DuplicateKeyException raced) {
                existing = domainCompany(domain);
            }
        }
        Company c = existing.orElseThrow();
        if (c.sfAccountId() != null) {
            return new DomainClaim.Existing(c.id(), c.sfAccountId());
        }
        int taken = jdbc.sql("""
                update company set account_claim = :token, account_claimed_at = :now
                where id = :id and sf_account_id is null
                    and (account_claim is null or account_claim = :token or account_claimed_at < :expiry)""")
                .param("id", c.id()).param("token", token).param("now", now())
                .param("expiry", Timestamp.from(claimExpiry)).update();
        if (taken == 1) {
            return new DomainClaim.Owner(c.id());
        }
        Company now = domainCompany(domain).orElseThrow();
        return now.sfAccountId() != null ? new DomainClaim.Existing(now.id(), now.sfAccountId())
                : new DomainClaim.Busy();
    }

    /** Records the Account created for a claimed domain company and ends the claim. */
    public void domainAccountCreated(long companyId, String accountId) {
        jdbc.sql("""
                update company set sf_account_id = :accountId, account_claim = null, account_claimed_at = null,
                    updated_at = :now
                where id = :id""")
                .param("id", companyId).param("accountId", accountId).param("now", now()).update();
    }

    public void releaseDomain(long companyId, String token) {
        jdbc.sql("update company set account_claim = null, account_claimed_at = null where id = :id and account_claim = :token")
                .param("id", companyId).param("token", token).update();
    }

    public void releaseDomains(String token) {
        jdbc.sql("update company set account_claim = null, account_claimed_at = null where account_claim = :token")
                .param("token", token).update();
    }

    /**
     * The company to link contacts of a domain to, given the Account Salesforce matched for it: the company of that
     * Account if Conversion has one, else the domain's company (created, or given the Account if it has none).
     */
    public Company linkDomainToAccount(String domain, String name, String accountId) {
        Optional<Company> ofAccount = companyOfAccount(accountId);
        if (ofAccount.isPresent()) {
            return ofAccount.get();
        }
        Optional<Company> existing = domainCompany(domain);
        if (existing.isEmpty()) {
            try {
                var keys = new GeneratedKeyHolder();
                jdbc.sql("""
                        insert into company (name, domain, domain_key, standalone, sf_account_id, created_at, updated_at)
                        values (:name, :domain, :domain, false, :accountId, :now, :now)""")
                        .param("name", name).param("domain", domain).param("accountId", accountId)
                        .param("now", now()).update(keys, "id");
                return new Company(keys.getKey().longValue(), name, domain, false, accountId);
            } catch (DuplicateKeyException raced) {
                existing = domainCompany(domain);
            }
        }
        Company c = existing.orElseThrow();
        if (c.sfAccountId() == null) {
            jdbc.sql("update company set sf_account_id = :accountId, updated_at = :now where id = :id and sf_account_id is null")
                    .param("id", c.id()).param("accountId", accountId).param("now", now()).update();
            return domainCompany(domain).orElseThrow();
        }
        return c;
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

    private static Company company(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Company(rs.getLong("id"), rs.getString("name"), rs.getString("domain"),
                rs.getBoolean("standalone"), rs.getString("sf_account_id"));
    }
}
