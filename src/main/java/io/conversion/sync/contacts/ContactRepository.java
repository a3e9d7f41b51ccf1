package io.conversion.sync.contacts;

import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.database.BatchRows;
import io.conversion.sync.database.InLists;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Conversion's contacts: the record of a contact (its values, its links to Salesforce) is written here only. Its
 * outbound sync lifecycle (queued with a plan, claimed by a batch worker, sent, synced or failed) is written only by
 * {@link io.conversion.sync.outbound.ContactOutbox}, the one writer of the plan, pending and claim columns. Hand SQL
 * with bound values rather than Spring Data JDBC: email_key is derived from the email and the outbox columns must
 * never be touched by a write of the record.
 * (Over 250 lines: the one writer of the {@code contact} record columns; every query on them lives here, by design.)
 */
@Repository
public class ContactRepository {

    /** Values per {@code in (...)} list: far below every database's bound-parameter limit. */

    private static final String INSERT = """
            insert into contact (email, email_key, first_name, last_name, title, phone, company_name, company_id,
                source, sf_lead_id, sf_contact_id, sf_account_id, sync_status, sync_error, attributes, created_at,
                updated_at)
            values (:email, :key, :firstName, :lastName, :title, :phone, :companyName, :companyId, :source,
                :leadId, :contactId, :accountId, :status, :error, :attributes, :now, :now)""";
    /** {@link #INSERT} with positional parameters, in its column order (the batched insert of the import). */
    private static final String INSERT_POSITIONAL = INSERT.substring(0, INSERT.indexOf("values"))
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;

    ContactRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
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

    /**
     * Of these Salesforce Lead or Contact ids, the ones a contact is linked to (one query per thousand ids per
     * column): what the inbound writer need not look up one by one.
     */
    public Set<String> linkedSalesforceIds(Collection<String> ids) {
        Set<String> found = InLists.union(ids, part -> jdbc.sql(
                "select sf_lead_id from contact where sf_lead_id in (:ids)").param("ids", part).query(String.class)
                .list());
        found.addAll(InLists.union(ids, part -> jdbc.sql(
                "select sf_contact_id from contact where sf_contact_id in (:ids)").param("ids", part)
                .query(String.class).list()));
        return found;
    }

    /** Of these Account ids, those some contact carries (one query per thousand). */
    public Set<String> carriedAccountIds(Collection<String> accountIds) {
        return InLists.union(accountIds, part -> jdbc.sql(
                "select distinct sf_account_id from contact where sf_account_id in (:ids)").param("ids", part)
                .query(String.class).list());
    }

    /** Of these emails, the keys ({@link Contact#emailKey}) a contact has (one query per thousand). */
    public Set<String> existingEmailKeys(Collection<String> emails) {
        List<String> keys = emails.stream().filter(Objects::nonNull).map(Contact::emailKey).toList();
        return InLists.union(keys, part -> jdbc.sql("select email_key from contact where email_key in (:keys)")
                .param("keys", part).query(String.class).list());
    }

    /** Inserts a new contact and returns it with its id. Fails on a duplicate email (unique key). */
    public Contact insert(Contact c) {
        return findById(insertId(c)).orElseThrow();
    }

    /** Inserts a new contact and returns its id (no read back: the inbound writer inserts thousands per batch). */
    public long insertId(Contact c) {
        var keys = new GeneratedKeyHolder();
        bindColumns(jdbc.sql(INSERT), c).update(keys, "id");
        return keys.getKey().longValue();
    }

    /**
     * Inserts new contacts (distinct emails) in one batched statement and returns their ids in the same order, read
     * back by email key (one query per thousand): the initial import creates a million contacts this way.
     * Fails on a duplicate email (unique key).
     */
    public long[] insertAll(List<Contact> list) {
        if (list.isEmpty()) {
            return new long[0];
        }
        Timestamp now = new Timestamp(clock.millis());
        BatchRows.write(named.getJdbcOperations(), INSERT_POSITIONAL, list, (c, row) -> row.text(c.email().trim())
                .text(Contact.emailKey(c.email())).text(c.firstName()).text(c.lastName()).text(c.title())
                .text(c.phone()).text(c.companyName()).bigint(c.companyId()).text(c.source()).text(c.sfLeadId())
                .text(c.sfContactId()).text(c.sfAccountId())
                .text((c.syncStatus() == null ? SyncStatus.PENDING : c.syncStatus()).name()).text(c.syncError())
                .text(Attributes.toJson(c.attributes())).timestamp(now).timestamp(now));
        Map<String, Long> ids = new HashMap<>(list.size() * 2);
        List<String> keys = list.stream().map(c -> Contact.emailKey(c.email())).toList();
        InLists.forEachChunk(keys, part -> jdbc.sql("select id, email_key from contact where email_key in (:keys)")
                .param("keys", part).query(rs -> {
                    ids.put(rs.getString("email_key"), rs.getLong("id"));
                }));
        return keys.stream().mapToLong(ids::get).toArray();
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
        MapSqlParameterSource columns = columns(c, new Timestamp(clock.millis()));
        for (String name : columns.getParameterNames()) {
            sql = sql.param(name, columns.getValue(name), columns.getSqlType(name));
        }
        return sql;
    }

    /** The record's columns as bound parameters (the one list for inserts and updates). */
    private static MapSqlParameterSource columns(Contact c, Timestamp now) {
        return new MapSqlParameterSource()
                .addValue("email", c.email().trim(), Types.VARCHAR)
                .addValue("key", Contact.emailKey(c.email()), Types.VARCHAR)
                .addValue("firstName", c.firstName(), Types.VARCHAR)
                .addValue("lastName", c.lastName(), Types.VARCHAR)
                .addValue("title", c.title(), Types.VARCHAR)
                .addValue("phone", c.phone(), Types.VARCHAR)
                .addValue("companyName", c.companyName(), Types.VARCHAR)
                .addValue("companyId", c.companyId(), Types.BIGINT)
                .addValue("source", c.source(), Types.VARCHAR)
                .addValue("leadId", c.sfLeadId(), Types.VARCHAR)
                .addValue("contactId", c.sfContactId(), Types.VARCHAR)
                .addValue("accountId", c.sfAccountId(), Types.VARCHAR)
                .addValue("status", (c.syncStatus() == null ? SyncStatus.PENDING : c.syncStatus()).name(),
                        Types.VARCHAR)
                .addValue("error", c.syncError(), Types.VARCHAR)
                .addValue("attributes", Attributes.toJson(c.attributes()), Types.VARCHAR)
                .addValue("now", now, Types.TIMESTAMP);
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
