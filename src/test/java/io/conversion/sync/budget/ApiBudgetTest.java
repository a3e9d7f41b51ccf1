package io.conversion.sync.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.budget.ApiBudget.Level;
import io.conversion.sync.emulator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget's decisions from the usage Salesforce reports (limit 10,000: reserve 2,000, margin 500). */
class ApiBudgetTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    final ApiBudget budget = new ApiBudget(new ApiBudgetProperties(20, 5, Duration.ofSeconds(30),
            Duration.ofMinutes(1)), clock);

    @Test
    void nothing_is_held_back_before_salesforce_has_told_the_usage() {
        assertThat(budget.level()).isEqualTo(Level.NORMAL);
        assertThat(budget.snapshot().max()).isEqualTo(-1);
        assertThat(budget.outboundWaitReason()).isNull();
        assertThat(budget.claimOutboundBatch()).isTrue();
        assertThat(budget.recheckDue()).isFalse();
    }

    @Test
    void reads_the_api_usage_part_of_the_limit_info_header() {
        budget.read("api-usage=18/10000, per-app-api-usage=17/250(appName=sample-app)");

        ApiBudget.Snapshot s = budget.snapshot();
        assertThat(s.used()).isEqualTo(18);
        assertThat(s.max()).isEqualTo(10_000);
        assertThat(s.remaining()).isEqualTo(9_982);
        assertThat(s.reserve()).isEqualTo(2_000);
        assertThat(s.readAt()).isEqualTo(clock.instant());
        budget.read("per-app-api-usage=17/250(appName=sample-app)"); // no api-usage part: nothing changes
        budget.read(null);
        assertThat(budget.snapshot().used()).isEqualTo(18);
    }

    @Test
    void deferrable_work_pauses_first_then_outbound_at_the_reserve_then_everything_when_used_up() {
        budget.read("api-usage=7500/10000"); // 2,500 left: the margin's upper edge
        assertThat(budget.level()).isEqualTo(Level.LOW);
        assertThat(budget.deferrableWaitReason()).startsWith("API_BUDGET_LOW: 2500 of 10000");
        assertThat(budget.outboundWaitReason()).isNull();

        budget.read("api-usage=7499/10000");
        assertThat(budget.level()).isEqualTo(Level.NORMAL);

        budget.read("api-usage=8000/10000"); // 2,000 left: the reserve
        assertThat(budget.level()).isEqualTo(Level.RESERVE);
        assertThat(budget.outboundWaitReason()).startsWith("API_BUDGET_RESERVE: 2000 of 10000");
        assertThat(budget.claimOutboundBatch()).isFalse();

        budget.read("api-usage=10001/10000");
        assertThat(budget.level()).isEqualTo(Level.EXHAUSTED);
        assertThat(budget.snapshot().remaining()).isZero();
        assertThat(budget.outboundWaitReason()).startsWith("API_LIMIT_EXCEEDED: 10001 of 10000");
    }

    @Test
    void near_the_reserve_outbound_batches_are_spaced_by_the_slow_interval() {
        budget.read("api-usage=7600/10000");

        assertThat(budget.claimOutboundBatch()).isTrue();
        assertThat(budget.claimOutboundBatch()).isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(budget.claimOutboundBatch()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.claimOutboundBatch()).isTrue();
    }

    @Test
    void a_request_limit_exceeded_answer_holds_everything_until_the_next_recheck() {
        budget.read("api-usage=100/10000");
        budget.limitExceeded();

        assertThat(budget.level()).isEqualTo(Level.EXHAUSTED);
        assertThat(budget.claimOutboundBatch()).isFalse();
        assertThat(budget.recheckDue()).isFalse(); // the refusal itself carried the usage just now
        clock.advance(Duration.ofSeconds(59));
        assertThat(budget.recheckDue()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.level()).isEqualTo(Level.NORMAL); // the hold is over: the header's usage decides again
    }

    @Test
    void rechecks_only_while_work_waits_and_no_answer_came_for_an_interval() {
        budget.read("api-usage=9000/10000");
        assertThat(budget.recheckDue()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(budget.recheckDue()).isTrue();
        assertThat(budget.recheckDue()).as("once per interval, even if the recheck gets no answer").isFalse();

        budget.read("api-usage=100/10000"); // the allowance rolled back
        clock.advance(Duration.ofMinutes(5));
        assertThat(budget.recheckDue()).isFalse();
    }

    @Test
    void a_waiting_thread_goes_on_by_itself_when_an_answer_shows_the_allowance_recovered() throws Exception {
        budget.read("api-usage=9000/10000");
        List<String> told = new ArrayList<>();
        Thread waiter = new Thread(() -> {
            try {
                budget.awaitDeferrable(told::add);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        org.awaitility.Awaitility.await().until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        budget.read("api-usage=10/10000");
        waiter.join(10_000);

        assertThat(waiter.isAlive()).isFalse();
        assertThat(told).hasSize(2);
        assertThat(told.get(0)).startsWith("API_BUDGET_RESERVE");
        assertThat(told.get(1)).isNull();
    }
}
