package io.conversion.sync.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Claim tokens owned by this node: {@code <node id>/<random>}. A claim outlives the process that took it only until
 * that node starts again: then {@link StaleClaims} gives its own earlier claims back at once, instead of leaving the
 * contacts of a killed worker waiting out the whole claim lease. The node id ({@code sync.node-id}, default the host
 * name) must therefore differ between instances running at the same time.
 */
@Component
public class ClaimTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimTokens.class);

    /** Claim columns hold 100 characters: the node id, a slash and a UUID. */
    static final int MAX_NODE_ID = 60;

    private final String node;

    ClaimTokens(@Value("${sync.node-id:}") String nodeId) {
        this.node = nodeId == null || nodeId.isBlank() ? hostName() : nodeId.strip();
        if (node.contains("/") || node.contains("%") || node.contains("_") || node.length() > MAX_NODE_ID) {
            throw new IllegalArgumentException("sync.node-id must be at most " + MAX_NODE_ID
                    + " characters without '/', '%' or '_': " + node);
        }
        LOG.debug("Claims of this node: {}/…", node);
    }

    /** A new token of this node. */
    public String next() {
        return node + "/" + UUID.randomUUID();
    }

    /** The SQL LIKE pattern of every token this node ever issued. */
    String ownPattern() {
        return node + "/%";
    }

    String node() {
        return node;
    }

    private static String hostName() {
        try {
            String host = InetAddress.getLocalHost().getHostName().replace('_', '-');
            return host.length() > MAX_NODE_ID ? host.substring(0, MAX_NODE_ID) : host;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
