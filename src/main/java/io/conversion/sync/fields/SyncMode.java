package io.conversion.sync.fields;

/**
 * How one mapped field is kept in sync: the direction changes flow and who wins a conflict. The two decision methods
 * are pure, so the inbound rules and the outbound updates decide a field the same way from what the service has
 * recorded in {@code field_state} (no extra Salesforce read). "Newer" compares the Salesforce commit time of the
 * change that touched the field with the time of the Conversion change; a tie goes to Salesforce.
 */
public enum SyncMode {

    /** Salesforce is the source of truth, but Conversion fills in gaps (the default, also for custom fields). */
    PREFER_SALESFORCE_UNLESS_EMPTY("Salesforce is the source of truth; Conversion fills in empty Salesforce fields"),
    /** Salesforce always wins: one-way sync into Conversion, clears included. */
    ALWAYS_SALESFORCE("Salesforce always wins: one-way into Conversion, clears included"),
    /** Conversion always wins: one-way sync to Salesforce, clears included. */
    ALWAYS_CONVERSION("Conversion always wins: one-way to Salesforce, clears included"),
    /** The most recent change wins, whichever system made it (a tie goes to Salesforce). */
    TWO_WAY("The most recent change wins, whichever system made it; a tie goes to Salesforce"),
    /** Not synced: changes stay local to each system. */
    DO_NOT_SYNC("Not synced: changes stay local to each system");

    private final String description;

    SyncMode(String description) {
        this.description = description;
    }

    /** One line for people (the Fields page, API errors). */
    public String description() {
        return description;
    }

    /**
     * Whether a Salesforce change of the field is written to Conversion.
     *
     * @param salesforceValue the field's new Salesforce value (null: cleared)
     * @param salesforceChangedAt the Salesforce commit time (epoch ms) of the change
     * @param conversionChangedAt the time of the field's last Conversion change, null if it never changed there
     */
    public boolean inboundApplies(String salesforceValue, long salesforceChangedAt, Long conversionChangedAt) {
        return switch (this) {
            case PREFER_SALESFORCE_UNLESS_EMPTY -> salesforceValue != null;
            case ALWAYS_SALESFORCE -> true;
            case TWO_WAY -> conversionChangedAt == null || salesforceChangedAt >= conversionChangedAt;
            case ALWAYS_CONVERSION, DO_NOT_SYNC -> false;
        };
    }

    /**
     * Whether a Conversion change of the field is sent to Salesforce.
     *
     * @param lastSalesforceValueSeen the last Salesforce value the service saw for the field (null: empty or unknown)
     * @param salesforceChangedAt the Salesforce commit time of the field's last change seen, null if none
     * @param conversionChangedAt the time of the Conversion change
     */
    public boolean outboundSends(String lastSalesforceValueSeen, Long salesforceChangedAt, long conversionChangedAt) {
        return switch (this) {
            case PREFER_SALESFORCE_UNLESS_EMPTY -> lastSalesforceValueSeen == null;
            case ALWAYS_CONVERSION -> true;
            case TWO_WAY -> salesforceChangedAt == null || conversionChangedAt > salesforceChangedAt;
            case ALWAYS_SALESFORCE, DO_NOT_SYNC -> false;
        };
    }

    /** Parses a mode name case-insensitively, naming the known ones when it is not one. */
    public static SyncMode of(String name) {
        for (SyncMode m : values()) {
            if (m.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return m;
            }
        }
        throw new InvalidFieldMapException("Unknown sync mode " + name + "; known: "
                + java.util.Arrays.toString(values()));
    }
}
