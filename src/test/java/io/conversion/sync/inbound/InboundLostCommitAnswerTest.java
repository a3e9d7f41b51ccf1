package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The database commits a batch and the connection drops before its answer arrives (the network cut of
 * {@code DatabaseOutageFaultTest}): the writer sees an outage and writes the batch again, and what the first attempt
 * committed is not applied a second time: one activity row and one workflow trigger per change, the position where
 * it was.
 */
class InboundLostCommitAnswerTest extends InboundTestSupport {

    @Autowired
    BatchTransaction transaction;

    @AfterEach
    void answersArrive() {
        transaction.commitHook(() -> { });
    }

    @Test
    void a_change_event_whose_commit_answer_was_lost_is_applied_once_with_one_workflow_trigger() throws Exception {
        listenToTriggers();
        String email = email("lost-answer");
        AtomicInteger lost = loseNextAnswers(1);
        String leadId = org().create("Lead", lead(email));
        long contactId = awaitContact(email).id();
        awaitTriggers(leadId, 1);
        assertThat(lost.get()).as("the commit's answer was lost").isZero();

        loseNextAnswers(1);
        org().update("Lead", leadId, Map.of("Title", "Answer Lost Twice"));
        await().atMost(WAIT).until(() -> "Answer Lost Twice".equals(contacts.findById(contactId).orElseThrow()
                .title()));
        awaitQuiet(LEADS);

        assertThat(activities(leadId)).extracting(a -> a.action()).containsExactlyInAnyOrder("CREATED", "UPDATED");
        Thread.sleep(500); // a second trigger would have been published with the second commit
        assertThat(triggers(leadId)).hasSize(2);
        assertThat(storedPosition(LEADS)).isEqualTo(writer.position(LEADS));
    }

    /** The next {@code n} commits of the writer are made and then reported as a dropped connection. */
    private AtomicInteger loseNextAnswers(int n) {
        AtomicInteger left = new AtomicInteger(n);
        transaction.commitHook(() -> {
            if (left.getAndUpdate(i -> Math.max(0, i - 1)) > 0) {
                throw new DataAccessResourceFailureException("test: connection reset before the commit's answer");
            }
        });
        return left;
    }
}
