package io.conversion.sync.settings;

import io.conversion.sync.settings.SyncSettings.CreateAs;
import io.conversion.sync.settings.SyncSettings.Inbound;
import io.conversion.sync.settings.SyncSettings.Outbound;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The one-row sync_settings table and its history. */
@Repository
class SyncSettingsRepository {

    private final JdbcClient jdbc;

    SyncSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<SyncSettingsSnapshot> load() {
        return jdbc.sql("select * from sync_settings where id = 1").query(SyncSettingsRepository::map).optional();
    }

    /** Locks the row for the duration of the caller's transaction, so concurrent PUTs serialise. */
    Optional<SyncSettingsSnapshot> loadForUpdate() {
        return jdbc.sql("select * from sync_settings where id = 1 for update").query(SyncSettingsRepository::map)
                .optional();
    }

    void insert(SyncSettingsSnapshot s, Instant at, String user) {
        jdbc.sql("""
                insert into sync_settings (id, inbound_leads, inbound_contacts, inbound_accounts,
                    inbound_leads_since, inbound_contacts_since, inbound_accounts_since, outbound_enabled,
                    outbound_create_as, outbound_link_by_domain, outbound_create_accounts, updated_at, updated_by)
                values (1, :leads, :contacts, :accounts, :leadsSince, :contactsSince, :accountsSince, :enabled,
                    :createAs, :link, :createAccounts, :at, :user)""")
                .params(params(s, at, user)).update();
    }

    void update(SyncSettingsSnapshot s, Instant at, String user) {
        jdbc.sql("""
                update sync_settings set inbound_leads = :leads, inbound_contacts = :contacts,
                    inbound_accounts = :accounts, inbound_leads_since = :leadsSince,
                    inbound_contacts_since = :contactsSince, inbound_accounts_since = :accountsSince,
                    outbound_enabled = :enabled, outbound_create_as = :createAs,
                    outbound_link_by_domain = :link, outbound_create_accounts = :createAccounts,
                    updated_at = :at, updated_by = :user
                where id = 1""")
                .params(params(s, at, user)).update();
    }

    void recordHistory(Instant at, String user, String settingsJson, String previousJson) {
        jdbc.sql("insert into sync_settings_history (changed_at, changed_by, settings, previous) "
                + "values (:at, :user, :settings, :previous)")
                .param("at", Timestamp.from(at)).param("user", user).param("settings", settingsJson)
                .param("previous", previousJson).update();
    }

    List<HistoryRow> history(int limit) {
        return jdbc.sql("select changed_at, changed_by, settings, previous from sync_settings_history "
                + "order by id desc limit :limit")
                .param("limit", limit)
                .query((rs, n) -> new HistoryRow(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .list();
    }

    record HistoryRow(Instant changedAt, String changedBy, String settings, String previous) {
    }

    private static java.util.Map<String, Object> params(SyncSettingsSnapshot s, Instant at, String user) {
        var in = s.settings().inbound();
        var out = s.settings().outbound();
        var p = new java.util.HashMap<String, Object>();
        p.put("leads", in.leads());
        p.put("contacts", in.contacts());
        p.put("accounts", in.accounts());
        p.put("leadsSince", Timestamp.from(s.leadsSince()));
        p.put("contactsSince", Timestamp.from(s.contactsSince()));
        p.put("accountsSince", Timestamp.from(s.accountsSince()));
        p.put("enabled", out.enabled());
        p.put("createAs", out.createAs().name());
        p.put("link", out.linkToAccountsByDomain());
        p.put("createAccounts", out.createAccounts());
        p.put("at", Timestamp.from(at));
        p.put("user", user);
        return p;
    }

    private static SyncSettingsSnapshot map(ResultSet rs, int row) throws SQLException {
        var settings = new SyncSettings(
                new Inbound(rs.getBoolean("inbound_leads"), rs.getBoolean("inbound_contacts"),
                        rs.getBoolean("inbound_accounts")),
                new Outbound(rs.getBoolean("outbound_enabled"), CreateAs.valueOf(rs.getString("outbound_create_as")),
                        rs.getBoolean("outbound_link_by_domain"), rs.getBoolean("outbound_create_accounts")));
        return new SyncSettingsSnapshot(settings, rs.getTimestamp("inbound_leads_since").toInstant(),
                rs.getTimestamp("inbound_contacts_since").toInstant(),
                rs.getTimestamp("inbound_accounts_since").toInstant());
    }
}
