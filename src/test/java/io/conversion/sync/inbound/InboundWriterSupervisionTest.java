package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The batch writer's one thread dies (an Error such as OutOfMemoryError, thrown here from its test hook): health goes
 * DOWN with the reason, a new thread takes over and writes the batch the dead one held, then what queued behind it,
 * each event once and in order.
 */
class InboundWriterSupervisionTest extends InboundTestSupport {

    @Autowired
    InboundBatchWriter writer;
    @Autowired
    InboundStreamHealth health;

    @AfterEach
    void healthyWriter() {
        writer.writeHook(() -> { });
    }

    @Test
    void a_writer_thread_that_dies_is_reported_down_with_the_reason_and_replaced_without_losing_its_batch() {
        int restartsBefore = writer.writerRestarts();
        AtomicBoolean dying = new AtomicBoolean(true);
        writer.writeHook(() -> {
            if (dying.get()) {
                throw new OutOfMemoryError("test: the writer thread dies");
            }
        });
        String first = email("writer-dies-first");
        String second = email("writer-dies-second");
        String firstId = org().create("Lead", lead(first));

        Health down = await().atMost(WAIT).until(health::health, h -> h.getStatus().equals(Status.DOWN)
                && writerDetails(h).get("lastError") != null);
        assertThat(writerDetails(down).get("state")).isEqualTo("RESTARTING");
        assertThat((String) writerDetails(down).get("lastError")).contains("OutOfMemoryError")
                .contains("the writer thread dies");
        String secondId = org().create("Lead", lead(second)); // queued behind the held batch
        assertThat(contacts.findByEmail(first)).isEmpty();

        dying.set(false);
        awaitContact(second);
        assertThat(contacts.findByEmail(first)).isPresent();
        assertThat(count(firstId, "CREATED")).isEqualTo(1);
        assertThat(count(secondId, "CREATED")).isEqualTo(1);
        Health up = health.health();
        assertThat(writerDetails(up).get("state")).isEqualTo("RUNNING");
        assertThat((Integer) writerDetails(up).get("restarts")).isGreaterThan(restartsBefore);
        assertThat(writerDetails(up)).doesNotContainKey("lastError");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> writerDetails(Health h) {
        return (Map<String, Object>) h.getDetails().get("writer");
    }
}
