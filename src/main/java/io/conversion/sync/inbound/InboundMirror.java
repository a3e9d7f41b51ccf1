package io.conversion.sync.inbound;

import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettingsService;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Whether Conversion's own copy of an object's records is complete: its inbound toggle is on and an initial import
 * of it completed after the toggle was last switched on (so the import saw every record, and change events have
 * carried every change since). Then a record of that object with a given email, if Salesforce has one, is already
 * linked to the Conversion contact of that email, and outbound sync needs no query to find it.
 */
@Component
public class InboundMirror {

    private final SyncSettingsService settings;
    private final InitialImportStateRepository imports;

    InboundMirror(SyncSettingsService settings, InitialImportStateRepository imports) {
        this.settings = settings;
        this.imports = imports;
    }

    public boolean complete(SyncedObject object) {
        if (!settings.inboundEnabled(object)) {
            return false;
        }
        Instant since = object.enabledSince(settings.snapshot());
        return imports.lastCompleted(object).map(done -> !done.isBefore(since)).orElse(false);
    }
}
