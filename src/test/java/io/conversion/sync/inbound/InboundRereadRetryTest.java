package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.Activity.Outcome;
import io.conversion.sync.budget.ApiBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Failed Salesforce queries of a re-read are retried by the route inbound-salesforce-query, then logged as FAILED. */
class InboundRereadRetryTest extends InboundTestSupport {

    @Autowired
    ApiBudget budget;

    @AfterEach
    void noFaultsLeft() {
        SALESFORCE.faults().clear();
        SALESFORCE.usage().remaining(SALESFORCE.usage().dailyLimit());
    }

    @Test
    void a_re_read_refused_for_the_daily_api_limit_waits_for_the_allowance_and_is_applied_when_it_resets() {
        String email = email("limit");
        String leadId = org().create("Lead", lead(email));
        long id = awaitContact(email).id();
        org().update("Lead", leadId, Map.of("Title", "Read Once The Limit Resets"));
        awaitActivity(leadId, "UPDATED");

        long before = SALESFORCE.usage().count("query");
        SALESFORCE.usage().remaining(0);
        org().publishGap("Lead", "GAP_UPDATE", List.of(leadId));

        // Refused once, not retried by the route (each retry would be refused too): the reader waits.
        await().atMost(WAIT).until(() -> SALESFORCE.usage().count("query") - before == 1
                && SALESFORCE.usage().count("limits") > 0 && budget.level() == ApiBudget.Level.EXHAUSTED);
        long rechecks = SALESFORCE.usage().count("limits");
        await().atMost(WAIT).until(() -> SALESFORCE.usage().count("limits") >= rechecks + 2);
        assertThat(SALESFORCE.usage().count("query") - before).as("no query while the limit is spent").isEqualTo(1);
        assertThat(count(leadId, "UPDATED")).isEqualTo(1);

        SALESFORCE.usage().remaining(SALESFORCE.usage().dailyLimit()); // the rolling window frees the allowance
        await().atMost(WAIT).until(() -> count(leadId, "UPDATED") >= 2);
        assertThat(contacts.findById(id).get().title()).isEqualTo("Read Once The Limit Resets");
        assertThat(SALESFORCE.usage().count("query") - before).isEqualTo(2); // refused once, answered once
        assertThat(count(leadId, "APPLY_FAILED")).isZero();
    }

    @Test
    void a_re_read_that_fails_twice_is_retried_by_the_route_and_applied() {
        String email = email("retry");
        String leadId = org().create("Lead", lead(email));
        long id = awaitContact(email).id();
        org().update("Lead", leadId, Map.of("Title", "Read On The Third Attempt"));
        awaitActivity(leadId, "UPDATED");

        long before = SALESFORCE.usage().count("query");
        SALESFORCE.faults().unavailable(2);
        org().publishGap("Lead", "GAP_UPDATE", List.of(leadId));

        await().atMost(WAIT).until(() -> count(leadId, "UPDATED") >= 2);
        assertThat(contacts.findById(id).get().title()).isEqualTo("Read On The Third Attempt");
        assertThat(SALESFORCE.usage().count("query") - before).isEqualTo(3); // two failed attempts, one answer
        assertThat(count(leadId, "APPLY_FAILED")).isZero();
    }

    @Test
    void a_re_read_salesforce_cannot_answer_after_every_attempt_waits_and_is_applied_once_it_answers_never_failed() {
        String email = email("retry-exhausted");
        String leadId = org().create("Lead", lead(email));
        long id = awaitContact(email).id();
        org().update("Lead", leadId, Map.of("Title", "Read Once Salesforce Answers"));
        awaitActivity(leadId, "UPDATED");

        long before = SALESFORCE.usage().count("query");
        // More 503s than sync.inbound.reread-attempts: the batch waits, its re-read is asked again.
        SALESFORCE.faults().unavailable(7);
        org().publishGap("Lead", "GAP_UPDATE", List.of(leadId));
        // The next change of the channel waits behind it (the position never passes the unapplied event).
        org().update("Lead", leadId, Map.of("Phone", "+1 555 0100"));

        await().atMost(WAIT).until(() -> "+1 555 0100".equals(contacts.findById(id).get().phone()));
        // The title update, then the re-read (which, read after the phone change was committed, may already carry it: the
        // phone event is then applied as a third UPDATED or found up to date, depending on the commit times).
        assertThat(count(leadId, "UPDATED")).isGreaterThanOrEqualTo(2);
        assertThat(contacts.findById(id).get().title()).isEqualTo("Read Once Salesforce Answers");
        assertThat(SALESFORCE.usage().count("query") - before).isEqualTo(8); // seven refused, one answered
        assertThat(count(leadId, "APPLY_FAILED")).isZero();
    }
}
