package io.conversion.sync.settings;

import java.time.Instant;

/**
 * The settings plus, per inbound toggle, the moment it was last switched on: a Salesforce change committed
 * before that moment happened while the object was paused and is never applied retroactively.
 */
public record SyncSettingsSnapshot(SyncSettings settings, Instant leadsSince, Instant contactsSince,
        Instant accountsSince) {
}
