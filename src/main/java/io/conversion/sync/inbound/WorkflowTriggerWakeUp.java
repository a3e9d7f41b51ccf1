package io.conversion.sync.inbound;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs the poll of the route inbound-workflow-triggers (its {@code scheduler}) right after a transaction that stored
 * triggers commits, instead of up to a poll interval later; and every {@code trigger-poll-interval-ms} anyway, the
 * crash-safe fallback (rows left by a crash or a failed publish). One thread, one poll at a time: a wake-up during a
 * poll runs one more poll after it, so nothing committed is missed and nothing is published twice by us.
 */
@Component("workflowTriggerWakeUp")
public class WorkflowTriggerWakeUp extends ServiceSupport implements ScheduledPollConsumerScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowTriggerWakeUp.class);

    private final long fallbackIntervalMs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean woken;
    private volatile Runnable task;
    private volatile Thread thread;
    private CamelContext camelContext;

    WorkflowTriggerWakeUp(@Value("${sync.inbound.trigger-poll-interval-ms:1000}") long fallbackIntervalMs) {
        this.fallbackIntervalMs = Math.max(10, fallbackIntervalMs);
    }

    /** Called where triggers are stored: wakes the publisher once the current transaction has committed. */
    void afterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUp();
                }
            });
        } else {
            wakeUp();
        }
    }

    /** Polls the outbox now (or right after the poll that is running). */
    public void wakeUp() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (thread == Thread.currentThread()) {
            lock.lock();
            try {
                if (!woken) {
                    signal.await(fallbackIntervalMs, TimeUnit.MILLISECONDS);
                }
                woken = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            Runnable poll = task;
            if (poll != null && thread == Thread.currentThread()) {
                try {
                    poll.run();
                } catch (RuntimeException e) {
                    LOG.warn("Workflow-trigger poll failed (retried on the next poll): {}", e.toString());
                }
            }
        }
    }

    // ---- ScheduledPollConsumerScheduler ----

    @Override
    public void onInit(Consumer consumer) {
        // nothing: the poll task comes with scheduleTask
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        this.task = null;
    }

    @Override
    public synchronized void startScheduler() {
        if (thread == null) {
            Thread t = new Thread(this::loop, "workflow-trigger-publisher");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    @Override
    public boolean isSchedulerStarted() {
        return thread != null;
    }

    @Override
    protected synchronized void doStop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    protected void doShutdown() {
        doStop();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
