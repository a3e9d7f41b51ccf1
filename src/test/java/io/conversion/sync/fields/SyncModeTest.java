package io.conversion.sync.fields;

import static io.conversion.sync.fields.SyncMode.ALWAYS_CONVERSION;
import static io.conversion.sync.fields.SyncMode.ALWAYS_SALESFORCE;
import static io.conversion.sync.fields.SyncMode.DO_NOT_SYNC;
import static io.conversion.sync.fields.SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY;
import static io.conversion.sync.fields.SyncMode.TWO_WAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyncModeTest {

    private static final long T = 1_000_000L;

    @Test
    void preferSalesforceUnlessEmptyTakesSalesforceValuesButNotItsClears() {
        assertThat(PREFER_SALESFORCE_UNLESS_EMPTY.inboundApplies("VP", T, null)).isTrue();
        assertThat(PREFER_SALESFORCE_UNLESS_EMPTY.inboundApplies("VP", T, T + 5)).isTrue();
        assertThat(PREFER_SALESFORCE_UNLESS_EMPTY.inboundApplies(null, T, null)).isFalse();
    }

    @Test
    void preferSalesforceUnlessEmptySendsOnlyWhileSalesforceIsEmpty() {
        assertThat(PREFER_SALESFORCE_UNLESS_EMPTY.outboundSends(null, null, T)).isTrue();
        assertThat(PREFER_SALESFORCE_UNLESS_EMPTY.outboundSends(null, T - 1, T)).isTrue();
        assertThat(PREFER_SALESFORCE_UNLESS_EMPTY.outboundSends("VP", T - 1, T)).isFalse();
    }

    @Test
    void alwaysSalesforceTakesValuesAndClearsAndNeverSends() {
        assertThat(ALWAYS_SALESFORCE.inboundApplies("VP", T, T + 5)).isTrue();
        assertThat(ALWAYS_SALESFORCE.inboundApplies(null, T, null)).isTrue();
        assertThat(ALWAYS_SALESFORCE.outboundSends(null, null, T)).isFalse();
        assertThat(ALWAYS_SALESFORCE.outboundSends("VP", T - 1, T)).isFalse();
    }

    @Test
    void alwaysConversionSendsValuesAndClearsAndNeverTakes() {
        assertThat(ALWAYS_CONVERSION.inboundApplies("VP", T, null)).isFalse();
        assertThat(ALWAYS_CONVERSION.inboundApplies(null, T, null)).isFalse();
        assertThat(ALWAYS_CONVERSION.outboundSends("VP", T + 5, T)).isTrue();
        assertThat(ALWAYS_CONVERSION.outboundSends(null, null, T)).isTrue();
    }

    @Test
    void twoWayInboundNewerWinsAndATieGoesToSalesforce() {
        assertThat(TWO_WAY.inboundApplies("VP", T, null)).isTrue();
        assertThat(TWO_WAY.inboundApplies(null, T, null)).isTrue();
        assertThat(TWO_WAY.inboundApplies("VP", T + 1, T)).isTrue();
        assertThat(TWO_WAY.inboundApplies("VP", T, T)).isTrue();
        assertThat(TWO_WAY.inboundApplies("VP", T - 1, T)).isFalse();
        assertThat(TWO_WAY.inboundApplies(null, T - 1, T)).isFalse();
    }

    @Test
    void twoWayOutboundNewerWinsAndATieGoesToSalesforce() {
        assertThat(TWO_WAY.outboundSends("VP", null, T)).isTrue();
        assertThat(TWO_WAY.outboundSends("VP", T - 1, T)).isTrue();
        assertThat(TWO_WAY.outboundSends("VP", T, T)).isFalse();
        assertThat(TWO_WAY.outboundSends(null, T + 1, T)).isFalse();
    }

    @Test
    void doNotSyncNeverTakesNorSends() {
        assertThat(DO_NOT_SYNC.inboundApplies("VP", T, null)).isFalse();
        assertThat(DO_NOT_SYNC.inboundApplies(null, T, null)).isFalse();
        assertThat(DO_NOT_SYNC.outboundSends(null, null, T)).isFalse();
        assertThat(DO_NOT_SYNC.outboundSends("VP", T - 1, T)).isFalse();
    }

    @Test
    void modesParseCaseInsensitivelyAndAnUnknownOneIsNamed() {
        assertThat(SyncMode.of("two_way")).isEqualTo(TWO_WAY);
        assertThatThrownBy(() -> SyncMode.of("SOMETIMES")).isInstanceOf(InvalidFieldMapException.class)
                .hasMessageContaining("SOMETIMES").hasMessageContaining("TWO_WAY");
    }

    @Test
    void everyModeDescribesItself() {
        for (SyncMode m : SyncMode.values()) {
            assertThat(m.description()).isNotBlank();
        }
    }
}
