package io.conversion.sync.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.LargeServerMessage;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * The broker's own limit on one message: a larger message is refused to its producer before it is routed, so no
 * runaway producer fills the journal or the service's memory. It holds for AMQP messages; CORE and STOMP bodies the
 * client streams as large messages (over 100 KiB) are not seen by this hook, so for them the limit is the service's. Artemis has no per-message limit for its
 * acceptors (STOMP and AMQP frame sizes bound frames, not messages), so it is a broker plugin. It sits well above
 * the service's own limit (sync.outbound.max-message-bytes, outbound/MessageSizeLimit), which dead-letters a
 * message it will not read with its size as the reason; the size here is Artemis' (a JMS text body counts twice).
 */
final class MessageSizeGuard implements ActiveMQServerMessagePlugin {

    private final long maxBytes;

    MessageSizeGuard(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) throws ActiveMQException {
        // A large message (CORE and STOMP clients stream bodies over 100 KiB) arrives with its body in a file.
        long size = message instanceof LargeServerMessage large
                ? large.getLargeBody().getBodySize() + message.getEncodeSize() : message.getWholeMessageSize();
        if (size > maxBytes) {
            throw new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION, String.format(
                    "message of %,d bytes refused: over the broker's limit of %,d (sync.broker.max-message-bytes)",
                    size, maxBytes));
        }
    }
}
