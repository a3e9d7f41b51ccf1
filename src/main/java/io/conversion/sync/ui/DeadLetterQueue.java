package io.conversion.sync.ui;

import java.util.OptionalLong;
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
 * Depth of the outbound dead-letter queue. The embedded broker answers from its queue counter (no message is read);
 * an external broker is browsed, counting at most {@value #BROWSE_LIMIT} messages (shown as "at least").
 */
@Component
class DeadLetterQueue {

    static final int BROWSE_LIMIT = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);

    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final ObjectProvider<JmsTemplate> jms;
    private final String name;

    DeadLetterQueue(ObjectProvider<EmbeddedActiveMQ> embedded, ObjectProvider<JmsTemplate> jms,
            @Value("${sync.outbound.dead-letter-queue:conversion.contacts.dlq}") String name) {
        this.embedded = embedded;
        this.jms = jms;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Messages in the queue; empty when the broker cannot be asked right now. */
    OptionalLong depth() {
        try {
            EmbeddedActiveMQ broker = embedded.getIfAvailable();
            if (broker != null && broker.getActiveMQServer() != null) {
                Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
                return queue == null ? OptionalLong.of(0) : OptionalLong.of(queue.getMessageCount());
            }
            JmsTemplate template = jms.getIfAvailable();
            if (template == null) {
                return OptionalLong.empty();
            }
            Long counted = template.browse(name, (session, browser) -> {
                long n = 0;
                for (var e = browser.getEnumeration(); e.hasMoreElements() && n < BROWSE_LIMIT; e.nextElement()) {
                    n++;
                }
                return n;
            });
            return counted == null ? OptionalLong.empty() : OptionalLong.of(counted);
        } catch (RuntimeException e) {
            LOG.debug("Dead-letter queue {} not readable: {}", name, e.toString());
            return OptionalLong.empty();
        }
    }
}
