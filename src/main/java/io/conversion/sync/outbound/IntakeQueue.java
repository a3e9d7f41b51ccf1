package io.conversion.sync.outbound;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether new-contact messages are still waiting in the intake queue: the sign of a burst under way, whose contacts
 * are worth waiting for (a fuller batch, fewer Salesforce calls). The embedded broker answers from its queue counter;
 * an external broker is browsed for one message. Unknown counts as "nothing waiting" (latency first).
 */
@Component
class IntakeQueue {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeQueue.class);

    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final ObjectProvider<JmsTemplate> jms;
    private final String name;

    IntakeQueue(ObjectProvider<EmbeddedActiveMQ> embedded, ObjectProvider<JmsTemplate> jms,
            @Value("${sync.outbound.queue:conversion.contacts.created}") String name) {
        this.embedded = embedded;
        this.jms = jms;
        this.name = name;
    }

    boolean hasWaitingMessages() {
        try {
            EmbeddedActiveMQ broker = embedded.getIfAvailable();
            if (broker != null && broker.getActiveMQServer() != null) {
                Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
                return queue != null && queue.getMessageCount() > 0;
            }
            JmsTemplate template = jms.getIfAvailable();
            if (template == null) {
                return false;
            }
            Boolean any = template.browse(name, (session, browser) -> browser.getEnumeration().hasMoreElements());
            return Boolean.TRUE.equals(any);
        } catch (RuntimeException e) {
            LOG.debug("Intake queue {} not readable: {}", name, e.toString());
            return false;
        }
    }
}
