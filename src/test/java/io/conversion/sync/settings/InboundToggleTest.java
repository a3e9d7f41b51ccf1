package io.conversion.sync.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.SyncTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class InboundToggleTest extends SyncTestSupport {

    @Autowired
    SyncSettingsService settings;

    @AfterEach
    void restore() {
        settings.update(leads(true), "test");
    }

    @Test
    void a_paused_object_accepts_no_change() {
        settings.update(leads(false), "test");
        assertThat(settings.inboundAccepts("Lead", System.currentTimeMillis() + 60_000)).isFalse();
        assertThat(settings.inboundEnabled("Lead")).isFalse();
        assertThat(settings.inboundAccepts("Contact", System.currentTimeMillis())).isTrue();
    }

    @Test
    void switching_on_accepts_only_changes_committed_afterwards() {
        settings.update(leads(false), "test");
        long whilePaused = System.currentTimeMillis();
        settings.update(leads(true), "test");
        long since = settings.snapshot().leadsSince().toEpochMilli();

        assertThat(since).isGreaterThanOrEqualTo(whilePaused);
        assertThat(settings.inboundAccepts("Lead", since - 1)).isFalse();
        assertThat(settings.inboundAccepts("Lead", since)).isTrue();
    }

    @Test
    void saving_unchanged_toggles_keeps_their_since_time() {
        var before = settings.snapshot().contactsSince();
        settings.update(settings.get(), "test");
        assertThat(settings.snapshot().contactsSince()).isEqualTo(before);
    }

    @Test
    void unknown_objects_are_never_accepted() {
        assertThat(settings.inboundAccepts("Opportunity", System.currentTimeMillis())).isFalse();
        assertThat(settings.inboundEnabled("Opportunity")).isFalse();
    }

    private SyncSettings leads(boolean on) {
        var s = settings.get();
        var in = s.inbound();
        return new SyncSettings(new SyncSettings.Inbound(on, in.contacts(), in.accounts()), s.outbound());
    }
}
