package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SystemModstamp as Salesforce writes it, read without the formatter (the import reads a million), or with it. */
class SalesforceModstampTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T14:50:55.123+0000", "1999-12-31T23:59:59.999+0000",
        "2024-02-29T00:00:00.000+0000", "2026-12-04T14:50:55.123+0100", "2026-12-04T14:50:55.123Z",
        "2026-12-04T14:50:55Z"})
    void a_systemmodstamp_is_read_as_the_instant_it_names(String value) {
        long expected = OffsetDateTime.parse(value.replace("+0000", "Z").replace("+0100", "+01:00")).toInstant()
                .toEpochMilli();
        assertThat(SalesforceReader.modstamp(Map.of("SystemModstamp", value))).isEqualTo(expected);
    }
}
