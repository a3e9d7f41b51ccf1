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
        Timestamp now = new Timestamp(clock.millis());
        jdbc.sql("""
                insert into company (name, domain, domain_key, standalone, sf_account_id, created_at, updated_at)
                values (:name, :domain, :domainKey, :standalone, :accountId, :now, :now)""")
                .param("name", c.name())
                .param("domain", c.domain())
                .param("domainKey", c.standalone() ? null : c.domain())
                .param("standalone", c.standalone())
                .param("accountId", c.sfAccountId())
                .param("now", now)
                .update(keys, "id");
        return findById(keys.getKey().longValue()).orElseThrow();
    }

    public void update(Company c) {
        jdbc.sql("""
                update company set name = :name, domain = :domain, domain_key = :domainKey, standalone = :standalone,
                    sf_account_id = :accountId, updated_at = :now
                where id = :id""")
                .param("id", c.id())
                .param("name", c.name())
                .param("domain", c.domain())
                .param("domainKey", c.standalone() ? null : c.domain())
                .param("standalone", c.standalone())
                .param("accountId", c.sfAccountId())
                .param("now", new Timestamp(clock.millis()))
                .update();
    }

    public long count() {
        return jdbc.sql("select count(*) from company").query(Long.class).single();
    }

    static Company map(ResultSet rs, int row) throws SQLException {
        return new Company(rs.getLong("id"), rs.getString("name"), rs.getString("domain"),
                rs.getBoolean("standalone"), rs.getString("sf_account_id"));
    }
}
