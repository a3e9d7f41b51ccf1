package io.conversion.sync.salesforce;

import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettingsSnapshot;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The Salesforce objects the service syncs: each with its Change Data Capture channel, its inbound toggle and what it
 * becomes in Conversion. Code names objects through this type, never through string literals.
 */
public enum SyncedObject {

    LEAD("Lead", Target.CONTACT),
    CONTACT("Contact", Target.CONTACT),
    ACCOUNT("Account", Target.COMPANY);

    /** What a Salesforce record of the object becomes in Conversion. */
    public enum Target {
        CONTACT, COMPANY
    }

    private final String sfName;
    private final Target target;

    SyncedObject(String sfName, Target target) {
        this.sfName = sfName;
        this.target = target;
    }

    /** The object's API name in Salesforce (Lead, Contact, Account). */
    public String sfName() {
        return sfName;
    }

    /** The CDC channel of the object's change events, e.g. {@code /data/LeadChangeEvent}. */
    public String channel() {
        return "/data/" + sfName + "ChangeEvent";
    }

    public Target target() {
        return target;
    }

    /** Leads and Contacts become Conversion contacts. */
    public boolean isPerson() {
        return target == Target.CONTACT;
    }

    /** Whether the object's inbound toggle is on in these settings. */
    public boolean enabledIn(SyncSettings.Inbound inbound) {
        return switch (this) {
            case LEAD -> inbound.leads();
            case CONTACT -> inbound.contacts();
            case ACCOUNT -> inbound.accounts();
        };
    }

    /** When the object's inbound toggle was last switched on. */
    public Instant enabledSince(SyncSettingsSnapshot snapshot) {
        return switch (this) {
            case LEAD -> snapshot.leadsSince();
            case CONTACT -> snapshot.contactsSince();
            case ACCOUNT -> snapshot.accountsSince();
        };
    }

    /** The synced object of a Salesforce API name, case-insensitively (Salesforce names are case-insensitive). */
    public static Optional<SyncedObject> ofName(String sfName) {
        if (sfName == null) {
            return Optional.empty();
        }
        String wanted = sfName.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(o -> o.sfName.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    /** Like {@link #ofName} for a name that must be synced. */
    public static SyncedObject of(String sfName) {
        return ofName(sfName).orElseThrow(() -> new IllegalArgumentException(sfName + " is not a synced object"));
    }

    @Override
    public String toString() {
        return sfName;
    }
}
