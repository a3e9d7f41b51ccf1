package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncDefaultsProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoDetectorTest {

    private final EchoDetector detector = new EchoDetector(
            new SyncDefaultsProperties(null, "conversion-sync", List.of("gmail.com")));

    @Test
    void recognises_only_changes_made_with_our_client_name() {
        assertThat(detector.isOwnEcho(origin("com/salesforce/api/rest/56.0;client=conversion-sync"))).isTrue();
        assertThat(detector.isOwnEcho(origin("com/salesforce/api/soap/56.0;client=conversion-sync-old"))).isFalse();
        assertThat(detector.isOwnEcho(origin("com/salesforce/api/rest/56.0;client=lead-sync"))).isFalse();
        assertThat(detector.isOwnEcho(origin(""))).isFalse();
        assertThat(detector.isOwnEcho(origin(null))).isFalse();
    }

    private static ChangeEvent origin(String changeOrigin) {
        return new ChangeEvent("/data/LeadChangeEvent", 1, SyncedObject.LEAD, ChangeType.CREATE, List.of("00Q"), changeOrigin, 0,
                0, "tx", 1, List.of(), Map.of());
    }
}
