package org.apache.camel.component.salesforce.internal.streaming;

/** Test-only access to camel-salesforce's JVM-wide (static) replay id map, which survives Camel context restarts. */
public final class ReplayIdTestAccess {
    private ReplayIdTestAccess() {
    }

    /** Forces the replay id the next subscribe to {@code channel} sends (e.g. -1, -2 or a stored id). */
    public static void setReplayId(String channel, long replayId) {
        SubscriptionHelper.REPLAY_EXTENSION.setReplayId(channel, replayId);
    }
}
