package io.conversion.sync.contacts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Conversion's companies. A domain company is unique per domain (domain_key); standalone ones are not. */
@Repository
public class CompanyRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    CompanyRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Company> findById(long id) {
        return jdbc.sql("select * from company where id = :id").param("id", id).query(CompanyRepository::map)
                .optional();
    }

    public Optional<Company> findBySfAccountId(String accountId) {
        return jdbc.sql("select * from company where sf_account_id = :id").param("id", accountId)
                .query(CompanyRepository::map).optional();
    }

    /** The shared (non-standalone) company of a domain. */
    public Optional<Company> findByDomain(String domain) {
        return jdbc.sql("select * from company where domain_key = :domain").param("domain", domain)
                .query(CompanyRepository::map).optional();
    }

    public Company insert(Company c) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into company (name, domain, domain_key, standalone, sf_account_id, created_at, updated_at)
                values (:name, :domain, :domainKey, :standalone, :accountId, :now, :now)""")
                .param("name", c.name())
                .param("domain", c.domain())
                .param("domainKey", c.standalone() ? null : c.domain())
                .param("standalone", c.standalone())
                .param("accountId", c.sfAccountId())
                .param("now", now())
                .update(keys, "id");
        return findById(keys.getKey().longValue()).orElseThrow();
    }

    /**
     * Inserts the company of a Salesforce Account. {@code ownsDomain}: it holds the domain's unique key (the first
     * company of a domain owns it); otherwise the domain is shown as information only.
     */
    public long insertForAccount(String name, String domain, boolean ownsDomain, String sfAccountId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into company (name, domain, domain_key, standalone, sf_account_id, created_at, updated_at)
                values (:name, :domain, :domainKey, false, :accountId, :now, :now)""")
                .param("name", name).param("domain", domain).param("domainKey", ownsDomain ? domain : null)
                .param("accountId", sfAccountId).param("now", now())
                .update(keys, "id");
        return keys.getKey().longValue();
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

    /** Keeps the company (and its contacts) but forgets its deleted Account. */
    public void unlinkAccount(long id) {
        jdbc.sql("update company set sf_account_id = null, updated_at = :now where id = :id")
                .param("id", id).param("now", now()).update();
    }

    private Timestamp now() {
        return new Timestamp(clock.millis());
    }

    static Company map(ResultSet rs, int row) throws SQLException {
        return new Company(rs.getLong("id"), rs.getString("name"), rs.getString("domain"),
                rs.getBoolean("standalone"), rs.getString("sf_account_id"));
    }
}
