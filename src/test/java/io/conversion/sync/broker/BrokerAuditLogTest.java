package io.conversion.sync.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.StompProducer;
import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.contacts.ContactRepository;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The broker's audit trail stays out of the log by default (it writes several lines per message at INFO). */
@ExtendWith(OutputCaptureExtension.class)
class BrokerAuditLogTest extends SyncTestSupport {

    @Autowired
    ContactRepository contacts;

    @Test
    void the_broker_audit_loggers_are_off_by_default() {
        for (String logger : new String[] {"org.apache.activemq.audit.base", "org.apache.activemq.audit.message",
                "org.apache.activemq.audit.resource"}) {
            assertThat(LoggerFactory.getLogger(logger).isInfoEnabled()).as(logger).isFalse();
        }
    }

    @Test
    void a_new_contact_through_the_broker_writes_no_audit_line(CapturedOutput output) throws Exception {
        String email = "audit-" + System.nanoTime() + "@example.com";
        StompProducer.send(BROKER_PORT, "conversion.contacts.created", "application/json",
                "{\"email\":\"" + email + "\",\"skipInitialSync\":true}");
        await().atMost(Duration.ofSeconds(20)).until(() -> contacts.findByEmail(email).isPresent());
        assertThat(output.getAll()).doesNotContain("org.apache.activemq.audit").doesNotContain("AMQ6010");
    }
}
