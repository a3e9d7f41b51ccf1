package io.conversion.sync.contacts;

import io.conversion.sync.contacts.Contact.SyncStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Conversion's contacts: the record of a contact (its values, its links to Salesforce) is written here only. Its
 * outbound sync lifecycle (queued with a plan, claimed by a batch worker, sent, synced or failed) is written only by
 * {@link io.conversion.sync.outbound.ContactOutbox}, the one writer of the plan, pending and claim columns. Hand SQL
 * with bound values rather than Spring Data JDBC: email_key is derived from the email and the outbox columns must
 * never be touched by a write of the record.
 */
@Repository
public class ContactRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    ContactRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Contact> findById(long id) {
        return findOne("id", id);
    }

    public Optional<Contact> findByEmail(String email) {
        return findOne("email_key", Contact.emailKey(email));
    }

    public List<Contact> findByEmails(Collection<String> emails) {
        if (emails.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from contact where email_key in (:keys)")
                .param("keys", emails.stream().map(Contact::emailKey).toList())
                .query(ContactRepository::map).list();
    }

    /** The contact a merged contact was folded into, if it was. */
    public Optional<Long> mergedInto(long id) {
        return jdbc.sql("select merged_into_id from contact where id = :id").param("id", id)
                .query((rs, n) -> rs.getObject(1, Long.class)).optional().filter(java.util.Objects::nonNull);
    }

    public Optional<Contact> findBySfLeadId(String leadId) {
        return findOne("sf_lead_id", leadId);
    }

    public Optional<Contact> findBySfContactId(String contactId) {
        return findOne("sf_contact_id", contactId);
    }

    /** Inserts a new contact and returns it with its id. Fails on a duplicate email (unique key). */
    public Contact insert(Contact c) {
        var keys = new GeneratedKeyHolder();
        bindColumns(jdbc.sql("""
                insert into contact (email, email_key, first_name, last_name, title, phone, company_name, company_id,
                    source, sf_lead_id, sf_contact_id, sf_account_id, sync_status, sync_error, attributes, created_at,
                    updated_at)
                values (:email, :key, :firstName, :lastName, :title, :phone, :companyName, :companyId, :source,
                    :leadId, :contactId, :accountId, :status, :error, :attributes, :now, :now)"""), c)
                .update(keys, "id");
        return findById(keys.getKey().longValue()).orElseThrow();
    }

    /**
     * Writes every column of an existing contact's record. A released email key (a merged contact whose email the
     * surviving contact took, see {@link #releaseEmail}) stays released.
     */
    public void update(Contact c) {
        bindColumns(jdbc.sql("""
                update contact set email = :email,
                    email_key = case when email_key is null then null else :key end,
                    first_name = :firstName, last_name = :lastName,
                    title = :title, phone = :phone, company_name = :companyName, company_id = :companyId,
                    source = :source, sf_lead_id = :leadId, sf_contact_id = :contactId, sf_account_id = :accountId,
                    sync_status = :status, sync_error = :error, attributes = :attributes, updated_at = :now
                where id = :id"""), c)
                .param("id", c.id())
                .update();
    }

    // ---- Salesforce merges ----

    /**
     * Folds a contact into another (a Salesforce merge): MERGED, pointing at it, its Salesforce links forgotten (the
     * surviving contact may take them); contacts merged into it earlier now point at the survivor too, so one hop
     * always resolves. Its values, email and history stay.
     */
    public void markMerged(long id, long intoId) {
        Timestamp now = new Timestamp(clock.millis());
        jdbc.sql("""
                update contact set sync_status = 'MERGED', merged_into_id = :into, sf_lead_id = null,
                    sf_contact_id = null, sync_error = null, updated_at = :now
                where id = :id""").param("id", id).param("into", intoId).param("now", now).update();
        jdbc.sql("update contact set merged_into_id = :into, updated_at = :now where merged_into_id = :id")
                .param("id", id).param("into", intoId).param("now", now).update();
    }

    /** Frees the email of a merged contact: the contact it was merged into takes that email. */
    public void releaseEmail(long id) {
        jdbc.sql("update contact set email_key = null, updated_at = :now where id = :id and sync_status = 'MERGED'")
                .param("id", id).param("now", new Timestamp(clock.millis())).update();
    }

    /** The ids of the contacts merged into this one (one hop: see {@link #markMerged}). */
    public List<Long> mergedFrom(long id) {
        return jdbc.sql("select id from contact where merged_into_id = :id order by id").param("id", id)
                .query(Long.class).list();
    }

    /**
     * Contacts of an Account follow it into the Account it was merged into (Salesforce re-parents them without a
     * change event); {@code companyId}: the company they then belong to, or null to keep theirs.
     *
     * @return how many contacts moved
     */
    public int moveToAccount(String fromAccountId, String toAccountId, Long companyId) {
        return jdbc.sql("""
                update contact set sf_account_id = :to, company_id = coalesce(:company, company_id), updated_at = :now
                where sf_account_id = :from""")
                .param("from", fromAccountId).param("to", toAccountId).param("company", companyId, java.sql.Types.BIGINT)
                .param("now", new Timestamp(clock.millis())).update();
    }

    /** Contacts of a company merged away belong to the company it was merged into. */
    public int moveToCompany(long fromCompanyId, long toCompanyId) {
        return jdbc.sql("update contact set company_id = :to, updated_at = :now where company_id = :from")
                .param("from", fromCompanyId).param("to", toCompanyId).param("now", new Timestamp(clock.millis()))
                .update();
    }

    /** Whether any contact is linked to this Account (by its Account id, with or without its company). */
    public boolean anyOfAccount(String accountId) {
        return jdbc.sql("select count(*) from contact where sf_account_id = :a").param("a", accountId)
                .query(Long.class).single() > 0;
    }

    /**
     * Links the contacts that kept an Account's id while it had no company (Accounts inbound off) to the company
     * the Account now has.
     *
     * @return how many contacts were linked
     */
    public int linkToCompanyOfAccount(String accountId, long companyId) {
        return jdbc.sql("""
                update contact set company_id = :company, updated_at = :now
                where sf_account_id = :account and (company_id is null or company_id <> :company)""")
                .param("account", accountId).param("company", companyId).param("now", new Timestamp(clock.millis()))
                .update();
    }

    private JdbcClient.StatementSpec bindColumns(JdbcClient.StatementSpec sql, Contact c) {
        return sql.param("email", c.email().trim())
                .param("key", Contact.emailKey(c.email()))
                .param("firstName", c.firstName())
                .param("lastName", c.lastName())
                .param("title", c.title())
                .param("phone", c.phone())
                .param("companyName", c.companyName())
                .param("companyId", c.companyId())
                .param("source", c.source())
                .param("leadId", c.sfLeadId())
                .param("contactId", c.sfContactId())
                .param("accountId", c.sfAccountId())
                .param("status", (c.syncStatus() == null ? SyncStatus.PENDING : c.syncStatus()).name())
                .param("error", c.syncError())
                .param("attributes", Attributes.toJson(c.attributes()), java.sql.Types.VARCHAR)
                .param("now", new Timestamp(clock.millis()));
    }

    /** {@code column} is one of this class's constants, never input. */
    private Optional<Contact> findOne(String column, Object value) {
        return jdbc.sql("select * from contact where " + column + " = :value").param("value", value)
                .query(ContactRepository::map).optional();
    }

    static Contact map(ResultSet rs, int row) throws SQLException {
        return new Contact(rs.getLong("id"), rs.getString("email"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("title"), rs.getString("phone"), rs.getString("company_name"),
                rs.getObject("company_id", Long.class), rs.getString("source"), rs.getString("sf_lead_id"),
                rs.getString("sf_contact_id"), rs.getString("sf_account_id"),
                SyncStatus.valueOf(rs.getString("sync_status")), rs.getString("sync_error"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                Attributes.fromJson(rs.getString("attributes")));
    }
}
