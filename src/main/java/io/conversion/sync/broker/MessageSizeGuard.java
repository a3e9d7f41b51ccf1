package io.conversion.sync.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.persistence.impl.journal.LargeBody;
import org.apache.activemq.artemis.core.server.LargeServerMessage;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's own limit on one message: a larger message is refused to its producer before it is routed, so no
 * runaway producer fills the journal or the service's memory, on every protocol (AMQP, CORE, STOMP). Artemis has no
 * per-message limit for its acceptors (STOMP and AMQP frame sizes bound frames, not messages), so it is a broker
 * plugin. It sits well above the service's own limit (sync.outbound.max-message-bytes, outbound/MessageSizeLimit),
 * which dead-letters a message it will not read with its size as the reason; the size here is Artemis' (a JMS text
 * body counts twice).
 */
final class MessageSizeGuard implements ActiveMQServerMessagePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(MessageSizeGuard.class);

    private final long maxBytes;

    MessageSizeGuard(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** AMQP and small CORE/STOMP messages: refused before the broker takes them in. */
    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) throws ActiveMQException {
        refuseOverLimit(message);
    }

    /**
     * Large CORE and STOMP messages (bodies over 100 KiB, streamed in chunks to a file): Artemis routes them without
     * calling {@link #beforeSend}, so they are refused here, once their last chunk arrived and before any queue holds
     * them; the producer's send fails with the reason.
     */
    @Override
    public void beforeMessageRoute(Message message, RoutingContext context, boolean direct, boolean rejectDuplicates)
            throws ActiveMQException {
        refuseOverLimit(message);
    }

    private void refuseOverLimit(Message message) throws ActiveMQException {
        long size = sizeOf(message);
        if (size > maxBytes) {
            String reason = String.format(
                    "message of %,d bytes refused: over the broker's limit of %,d (sync.broker.max-message-bytes)",
                    size, maxBytes);
            // Said here too: a STOMP producer's ERROR frame carries only Artemis' generic AMQ339011.
            LOG.warn("{} to {}", reason, message.getAddress());
            throw new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION, reason);
        }
    }

    /**
     * A large message's body is not in its encoded size: on a persistent broker it is in the large-message file
     * ({@link LargeBody}), on a non-persistent one in memory. Never throws a runtime exception: Artemis logs and
     * ignores one from a plugin, and the message would pass unchecked.
     */
    static long sizeOf(Message message) throws ActiveMQException {
        if (!(message instanceof LargeServerMessage large)) {
            return message.getWholeMessageSize();
        }
        LargeBody body = large.getLargeBody();
        if (body != null) {
            return message.getEncodeSize() + body.getBodySize();
        }
        return message instanceof ICoreMessage core ? (long) message.getEncodeSize() + core.getBodyBufferSize()
                : message.getWholeMessageSize();
    }
}
