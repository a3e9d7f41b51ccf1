package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The adaptive batching window: sparse arrivals leave at once, a burst waits for full batches of 200. */
class BatchWindowTest {

    static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    final BatchWindow window = new BatchWindow(200, 200, 2000);

    @Test
    void nothing_waiting_is_never_due() {
        assertThat(window.due(0, null, null, NOW)).isFalse();
    }

    @Test
    void a_lone_contact_at_idle_leaves_on_the_next_poll_instead_of_after_the_window() {
        // Contacts at 10/s: the backlog holds the one that arrived 60 ms ago; 200 would take 20 s to gather.
        assertThat(window.due(1, ago(60), ago(60), NOW)).isTrue();
        assertThat(window.due(2, ago(150), ago(50), NOW)).isTrue();
    }

    @Test
    void a_burst_waits_while_the_batch_fills_faster_than_the_max_wait() {
        // 60 contacts in the last 100 ms: 200 in about 330 ms.
        assertThat(window.due(60, ago(100), ago(1), NOW)).isFalse();
        assertThat(window.due(199, ago(700), ago(1), NOW)).isFalse();
    }

    @Test
    void while_messages_still_wait_upstream_a_partial_batch_waits_up_to_the_max_wait() {
        assertThat(window.due(1, ago(90), ago(90), NOW, 1, () -> true)).isFalse();
        assertThat(window.due(150, ago(400), ago(300), NOW, 1, () -> true)).isFalse();
        assertThat(window.due(150, ago(2000), ago(300), NOW, 1, () -> true)).isTrue();
        assertThat(window.due(200, ago(1), ago(1), NOW, 1, () -> true)).isTrue();
    }

    @Test
    void a_full_batch_is_always_due() {
        assertThat(window.due(200, ago(5), ago(1), NOW)).isTrue();
        assertThat(window.due(5_000, ago(5), ago(1), NOW, 4)).isTrue();
    }

    @Test
    void the_end_of_a_burst_leaves_once_nothing_arrived_for_flush_after_ms() {
        assertThat(window.due(150, ago(400), ago(200), NOW)).isTrue();
        assertThat(window.due(150, ago(400), ago(199), NOW)).isFalse();
    }

    @Test
    void a_partial_batch_never_waits_longer_than_the_max_wait() {
        assertThat(window.due(190, ago(2000), ago(1), NOW)).isTrue();
    }

    @Test
    void a_contact_that_just_arrived_counts_as_the_start_of_a_burst_for_one_poll() {
        assertThat(window.due(1, NOW, NOW, NOW)).isFalse();
        assertThat(window.due(1, ago(1), ago(1), NOW)).isFalse();
    }

    @Test
    void slowed_by_the_api_budget_only_full_or_long_waiting_batches_leave() {
        assertThat(window.due(1, ago(60), ago(60), NOW, 4)).as("sparse, but slowed").isFalse();
        assertThat(window.due(150, ago(400), ago(300), NOW, 4)).as("quiet, but slowed").isFalse();
        assertThat(window.due(10, ago(7_999), ago(300), NOW, 4)).isFalse();
        assertThat(window.due(10, ago(8_000), ago(300), NOW, 4)).isTrue();
    }

    private static Instant ago(long ms) {
        return NOW.minusMillis(ms);
    }
}
