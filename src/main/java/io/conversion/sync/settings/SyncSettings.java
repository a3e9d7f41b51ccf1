package io.conversion.sync.settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * What syncs in which direction. Immutable: a change replaces the whole value, so a route reading it
 * mid-exchange never sees half of an update.
 */
public record SyncSettings(@NotNull @Valid Inbound inbound, @NotNull @Valid Outbound outbound) {

    /** Salesforce → Conversion, one toggle per Salesforce object. */
    public record Inbound(
            /** Leads become Conversion contacts. */
            @NotNull Boolean leads,
            /** Contacts become Conversion contacts. */
            @NotNull Boolean contacts,
            /** Accounts become Conversion companies. */
            @NotNull Boolean accounts) {
    }

    /** Conversion → Salesforce. */
    public record Outbound(
            /** Off = read-only: nothing is written to Salesforce. */
            @NotNull Boolean enabled,
            /** What a new Conversion contact becomes in Salesforce. */
            @NotNull CreateAs createAs,
            /** When creating Contacts: link to an existing Account whose Website matches the email domain. */
            @NotNull Boolean linkToAccountsByDomain,
            /** When creating Contacts: create an Account when none matched (or always, with matching off). */
            @NotNull Boolean createAccounts) {
    }

    public enum CreateAs {
        LEAD, CONTACT
    }
}
