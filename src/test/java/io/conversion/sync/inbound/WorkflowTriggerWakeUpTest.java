package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/** The trigger publisher's poll runs when a transaction that stored triggers commits, not at the fallback interval. */
class WorkflowTriggerWakeUpTest {

    /** An hour: any poll seen within the test was woken, not scheduled. */
    final WorkflowTriggerWakeUp wakeUp = new WorkflowTriggerWakeUp(3_600_000);
    final AtomicInteger polls = new AtomicInteger();

    @AfterEach
    void stop() {
        wakeUp.stop();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void the_poll_runs_right_after_the_commit_and_not_before() {
        start();
        TransactionSynchronizationManager.initSynchronization();
        wakeUp.afterCommit();
        assertThat(polls.get()).as("still in the transaction").isZero();

        var synchronizations = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        TransactionSynchronizationUtils.invokeAfterCommit(synchronizations);

        await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() == 1);
    }

    @Test
    void a_rolled_back_transaction_wakes_nothing() throws Exception {
        start();
        TransactionSynchronizationManager.initSynchronization();
        wakeUp.afterCommit();
        var synchronizations = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations,
                TransactionSynchronization.STATUS_ROLLED_BACK);

        // Then a commit elsewhere: exactly one poll, the rollback added none.
        wakeUp.afterCommit();
        await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() >= 1);
        assertThat(polls.get()).isEqualTo(1);
    }

    @Test
    void outside_a_transaction_it_wakes_at_once_and_wake_ups_during_a_poll_give_one_more_poll() {
        var release = new java.util.concurrent.CountDownLatch(1);
        wakeUp.scheduleTask(() -> {
            if (polls.incrementAndGet() == 1) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        wakeUp.start();
        wakeUp.startScheduler();

        wakeUp.afterCommit();
        await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() == 1);
        wakeUp.wakeUp();
        wakeUp.wakeUp();
        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() == 2);
    }

    private void start() {
        wakeUp.scheduleTask(polls::incrementAndGet);
        wakeUp.start();
        wakeUp.startScheduler();
    }
}
