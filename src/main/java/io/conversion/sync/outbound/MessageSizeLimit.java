package io.conversion.sync.outbound;

import java.util.Locale;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The largest message the outbound intake reads ({@code sync.outbound.max-message-bytes}): a larger one is refused
 * with its size (of the body in UTF-8, as the producer sent it) before it is converted or parsed, on the queues
 * (dead-lettered) and over HTTP (413). The broker takes any size (its limits are the broker's configuration), so
 * the intake is where a producer's runaway message stops. Artemis' own large-message size is not used: it counts a
 * JMS text body as UTF-16, twice the size the producer meant.
 */
@Component("messageSizeLimit")
public class MessageSizeLimit {

    private final long maxBytes;

    MessageSizeLimit(OutboundProperties properties) {
        this.maxBytes = properties.maxMessageBytes();
    }

    /** Route step before a new-contact message is read: {@link InvalidContactMessageException} when too large. */
    public void checkContact(Exchange exchange) {
        refusal(size(exchange.getMessage())).ifPresent(reason -> {
            throw new InvalidContactMessageException(reason);
        });
    }

    /** Route step before an update message is read: {@link InvalidUpdateMessageException} when too large. */
    public void checkUpdate(Exchange exchange) {
        refusal(size(exchange.getMessage())).ifPresent(reason -> {
            throw new InvalidUpdateMessageException(reason);
        });
    }

    /** Why a body of this many bytes is refused, or empty when it is within the limit. */
    public Optional<String> refusal(long bytes) {
        return bytes <= maxBytes ? Optional.empty() : Optional.of(String.format(Locale.ENGLISH,
                "message is %,d bytes, over the limit of %,d (sync.outbound.max-message-bytes)", bytes, maxBytes));
    }

    /** Bytes of the text in UTF-8, counted without encoding it. */
    static long utf8Length(CharSequence s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static long size(Message m) {
        Object body = m.getBody();
        if (body == null) {
            return 0;
        }
        if (body instanceof byte[] bytes) {
            return bytes.length;
        }
        if (body instanceof CharSequence text) {
            return utf8Length(text);
        }
        return utf8Length(m.getBody(String.class));
    }
}
