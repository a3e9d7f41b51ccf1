package io.conversion.sync.contacts;

import io.conversion.sync.database.InLists;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Conversion's companies: the only class that writes the {@code company} table (inbound Accounts, outbound
 * Accounts and their domain claims). A domain company is unique per domain (domain_key); standalone ones are not.
 * Hand SQL with bound values rather than Spring Data JDBC: domain_key is derived from the company, and the domain
 * claim is a guarded compare-and-set.
 * (Over 250 lines: the one writer of {@code company}, including the guarded domain claims; every query on it lives
 * here, by design.)
 */
@Repository
public class CompanyRepository {

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

    /** Values per {@code in (...)} list: far below every database's bound-parameter limit. */

    private final JdbcClient jdbc;
    private final Clock clock;

    CompanyRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Company> findById(long id) {
        return findOne("id", id);
    }

    public Optional<Company> findBySfAccountId(String accountId) {
        return findOne("sf_account_id", accountId);
    }

    /** The companies of these Accounts, by Account id (one query per thousand ids). */
    public Map<String, Long> idsBySfAccountIds(Collection<String> accountIds) {
        Map<String, Long> found = new HashMap<>();
        InLists.forEachChunk(accountIds, part -> jdbc.sql(
                "select id, sf_account_id from company where sf_account_id in (:ids)").param("ids", part)
                .query(rs -> {
                    found.put(rs.getString("sf_account_id"), rs.getLong("id"));
                }));
        return found;
    }

    /** Of these (normalised) domains, the ones a domain company holds (one query per thousand). */
    public Set<String> existingDomainKeys(Collection<String> domains) {
        return InLists.union(domains, part -> jdbc.sql("select domain_key from company where domain_key in (:keys)")
                .param("keys", part).query(String.class).list());
    }

    /** The shared (non-standalone) company of a domain. */
    public Optional<Company> findByDomain(String domain) {
        return findOne("domain_key", domain);
    }

    /** Inserts a company (a domain company holds its domain's unique key) and returns it with its id. */
    public Company insert(Company c) {
        long id = insertRow(c.name(), c.domain(), c.standalone() ? null : c.domain(), c.standalone(), c.sfAccountId(),
                null);
        return findById(id).orElseThrow();
    }

    /** Inserts the company of one contact alone (a Lead's, or the Account created for one contact); returns its id. */
    public long insertStandalone(String name, String domain, String sfAccountId) {
        return insertRow(name, domain, null, true, sfAccountId, null);
    }

    /**
     * Inserts the company of a Salesforce Account. {@code ownsDomain}: it holds the domain's unique key (the first
     * company of a domain owns it); otherwise the domain is shown as information only.
     */
    public long insertForAccount(String name, String domain, boolean ownsDomain, String sfAccountId) {
        return insertRow(name, domain, ownsDomain ? domain : null, false, sfAccountId, null);
    }

    /** Writes the values of its Account to a company (see {@link #insertForAccount} for {@code ownsDomain}). */
    public void updateForAccount(long id, String name, String domain, boolean ownsDomain, String sfAccountId) {
        jdbc.sql("""
                update company set name = :name, domain = :domain, domain_key = :domainKey, standalone = false,
                    sf_account_id = :accountId, updated_at = :now
                where id = :id""")
                .param("id", id).param("name", name).param("domain", domain)
                .param("domainKey", ownsDomain ? domain : null).param("accountId", sfAccountId).param("now", now())
                .update();
    }

    /** A Conversion update of a company's name (outbound updates). */
    public void updateName(long id, String name) {
        jdbc.sql("update company set name = :name, updated_at = :now where id = :id")
                .param("id", id).param("name", name).param("now", now()).update();
    }

    /** Replaces a company's custom attributes. */
    public void updateAttributes(long id, Map<String, String> attributes) {
        jdbc.sql("update company set attributes = :attributes, updated_at = :now where id = :id")
                .param("id", id).param("attributes", Attributes.toJson(attributes), java.sql.Types.VARCHAR)
                .param("now", now()).update();
    }

    /** Keeps the company (and its contacts) but forgets its deleted Account. */
    public void unlinkAccount(long id) {
        jdbc.sql("update company set sf_account_id = null, updated_at = :now where id = :id")
                .param("id", id).param("now", now()).update();
    }

    // ---- Salesforce merges ----

    /**
     * Folds a company into another (an Account merge): pointing at it, its Account id and its domain's unique key
     * given up (the surviving company may take them); companies merged into it earlier now point at the survivor.
     */
    public void markMerged(long id, long intoId) {
        jdbc.sql("""
                update company set merged_into_id = :into, sf_account_id = null, domain_key = null, updated_at = :now
                where id = :id""").param("id", id).param("into", intoId).param("now", now()).update();
        jdbc.sql("update company set merged_into_id = :into, updated_at = :now where merged_into_id = :id")
                .param("id", id).param("into", intoId).param("now", now()).update();
    }

    /** The company a merged company was folded into, if it was. */
    public Optional<Long> mergedInto(long id) {
        return jdbc.sql("select merged_into_id from company where id = :id").param("id", id)
                .query((rs, n) -> rs.getObject(1, Long.class)).optional().filter(java.util.Objects::nonNull);
    }

    /** The company follows the Account its own Account was merged into (Conversion had no company for that one). */
    public void relinkAccount(long id, String accountId) {
        jdbc.sql("update company set sf_account_id = :accountId, updated_at = :now where id = :id")
                .param("id", id).param("accountId", accountId).param("now", now()).update();
    }

    /** The surviving company of a merge takes the merged one's domain (it had none), unless another company owns it. */
    public void takeDomain(long id, String domain) {
        boolean owned = findByDomain(domain).filter(c -> !c.id().equals(id)).isPresent();
        jdbc.sql("update company set domain = :domain, domain_key = :key, updated_at = :now where id = :id")
                .param("id", id).param("domain", domain).param("key", owned ? null : domain).param("now", now())
                .update();
    }

    // ---- Outbound: the Account of a domain ----

    /**
     * Claims the creation of the Account of a domain: the company row of the domain (unique domain_key) is
     * created or taken over with this token, so two workers or nodes never create two Accounts for one domain.
     */
    public DomainClaim claimDomain(String domain, String name, String token, Instant claimExpiry) {
        Optional<Company> existing = findByDomain(domain);
        if (existing.isEmpty()) {
            try {
                return new DomainClaim.Owner(insertRow(name, domain, domain, false, null, token));
            } catch (DuplicateKeyException raced) {
                existing = findByDomain(domain);
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
        Company now = findByDomain(domain).orElseThrow();
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

    /** Ends every domain claim whose token matches (a node's claims from before its restart); returns how many. */
    public int releaseDomainClaimsLike(String tokenPattern) {
        return jdbc.sql("update company set account_claim = null, account_claimed_at = null "
                + "where account_claim like :pattern").param("pattern", tokenPattern).update();
    }

    /** Ends every domain claim of a batch (the batch failed). */
    public void releaseDomains(String token) {
        jdbc.sql("update company set account_claim = null, account_claimed_at = null where account_claim = :token")
                .param("token", token).update();
    }

    /**
     * The company to link contacts of a domain to, given the Account Salesforce matched for it: the company of that
     * Account if Conversion has one, else the domain's company (created, or given the Account if it has none).
     */
    public Company linkDomainToAccount(String domain, String name, String accountId) {
        Optional<Company> ofAccount = findBySfAccountId(accountId);
        if (ofAccount.isPresent()) {
            return ofAccount.get();
        }
        Optional<Company> existing = findByDomain(domain);
        if (existing.isEmpty()) {
            try {
                return new Company(insertForAccount(name, domain, true, accountId), name, domain, false, accountId);
            } catch (DuplicateKeyException raced) {
                existing = findByDomain(domain);
            }
        }
        Company c = existing.orElseThrow();
        if (c.sfAccountId() == null) {
            jdbc.sql("update company set sf_account_id = :accountId, updated_at = :now where id = :id and sf_account_id is null")
                    .param("id", c.id()).param("accountId", accountId).param("now", now()).update();
            return findByDomain(domain).orElseThrow();
        }
        return c;
    }

    // ---- Shared SQL ----

    /** The one insert of the table; {@code claim}: the token of a worker claiming the domain's Account, or null. */
    private long insertRow(String name, String domain, String domainKey, boolean standalone, String sfAccountId,
            String claim) {
        var keys = new GeneratedKeyHolder();
        Timestamp now = now();
        jdbc.sql("""
                insert into company (name, domain, domain_key, standalone, sf_account_id, account_claim,
                    account_claimed_at, created_at, updated_at)
                values (:name, :domain, :domainKey, :standalone, :accountId, :claim, :claimedAt, :now, :now)""")
                .param("name", name).param("domain", domain).param("domainKey", domainKey)
                .param("standalone", standalone).param("accountId", sfAccountId).param("claim", claim)
                .param("claimedAt", claim == null ? null : now, java.sql.Types.TIMESTAMP).param("now", now)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** {@code column} is one of this class's constants, never input. */
    private Optional<Company> findOne(String column, Object value) {
        return jdbc.sql("select * from company where " + column + " = :value").param("value", value)
                .query(CompanyRepository::map).optional();
    }

    private Timestamp now() {
        return new Timestamp(clock.millis());
    }

    static Company map(ResultSet rs, int row) throws SQLException {
        return new Company(rs.getLong("id"), rs.getString("name"), rs.getString("domain"),
                rs.getBoolean("standalone"), rs.getString("sf_account_id"),
                Attributes.fromJson(rs.getString("attributes")));
    }
}
