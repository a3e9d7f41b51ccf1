package io.conversion.sync.emulator;

import java.time.Clock;
import java.time.Duration;

/** Settings of one {@link SalesforceEmulator}. Fluent setters; read once at start. */
public final class EmulatorConfig {
    private int port = 0;
    private String apiVersion = "56.0";
    private String clientId = "sandbox-client";
    private String clientSecret = "sandbox-secret";
    private String username = "integration@sandbox.example";
    private String password = "sandbox-password";
    private Duration retention = Duration.ofHours(72);
    private Clock clock = Clock.systemUTC();
    private long dailyApiLimit = 100_000;
    private Duration cometdTimeout = Duration.ofSeconds(10);
    private Duration clientExpiry = Duration.ofSeconds(40);
    private Duration subscribeDeliveryDelay = Duration.ofMillis(200);
    private int queryPageSize = 2000;
    private int maxRetainedEvents = 200_000;
    private int bulkQueryInProgressPolls = 1;
    private int bulkQueryDefaultMaxRecords = 100_000;

    public static EmulatorConfig defaults() {
        return new EmulatorConfig();
    }

    /** Fast settings for tests: random port, 2 s CometD advice timeout. */
    public static EmulatorConfig forTests() {
        return new EmulatorConfig().cometdTimeout(Duration.ofSeconds(2));
    }

    public EmulatorConfig port(int v) { this.port = v; return this; }
    public EmulatorConfig apiVersion(String v) { this.apiVersion = v; return this; }
    public EmulatorConfig clientId(String v) { this.clientId = v; return this; }
    public EmulatorConfig clientSecret(String v) { this.clientSecret = v; return this; }
    public EmulatorConfig username(String v) { this.username = v; return this; }
    public EmulatorConfig password(String v) { this.password = v; return this; }
    /** How long CDC events stay replayable (Salesforce: 72 h). */
    public EmulatorConfig retention(Duration v) { this.retention = v; return this; }
    /** Clock for record timestamps, event commit times and retention. */
    public EmulatorConfig clock(Clock v) { this.clock = v; return this; }
    public EmulatorConfig dailyApiLimit(long v) { this.dailyApiLimit = v; return this; }
    /** How long a /meta/connect is held without events (Salesforce: 110 s). */
    public EmulatorConfig cometdTimeout(Duration v) { this.cometdTimeout = v; return this; }
    /** A CometD client that does not reconnect within this time is forgotten (Salesforce: 40 s). */
    public EmulatorConfig clientExpiry(Duration v) { this.clientExpiry = v; return this; }
    /** Events for a channel subscribed this recently are held back (race mitigation, spec 3.5). */
    public EmulatorConfig subscribeDeliveryDelay(Duration v) { this.subscribeDeliveryDelay = v; return this; }
    public EmulatorConfig queryPageSize(int v) { this.queryPageSize = v; return this; }
    /** At most this many change events are retained (oldest dropped first), besides the retention window: bounded memory. */
    public EmulatorConfig maxRetainedEvents(int v) { this.maxRetainedEvents = v; return this; }
    /** How many job-info reads of a Bulk API 2.0 query job answer InProgress before it is JobComplete (0: complete at once). */
    public EmulatorConfig bulkQueryInProgressPolls(int v) { this.bulkQueryInProgressPolls = v; return this; }
    /** Records per Bulk API 2.0 result page when the client sends no maxRecords. */
    public EmulatorConfig bulkQueryDefaultMaxRecords(int v) { this.bulkQueryDefaultMaxRecords = v; return this; }

    public int port() { return port; }
    public String apiVersion() { return apiVersion; }
    public String clientId() { return clientId; }
    public String clientSecret() { return clientSecret; }
    public String username() { return username; }
    public String password() { return password; }
    public Duration retention() { return retention; }
    public Clock clock() { return clock; }
    public long dailyApiLimit() { return dailyApiLimit; }
    public Duration cometdTimeout() { return cometdTimeout; }
    public Duration clientExpiry() { return clientExpiry; }
    public Duration subscribeDeliveryDelay() { return subscribeDeliveryDelay; }
    public int queryPageSize() { return queryPageSize; }
    public int maxRetainedEvents() { return maxRetainedEvents; }
    public int bulkQueryInProgressPolls() { return bulkQueryInProgressPolls; }
    public int bulkQueryDefaultMaxRecords() { return bulkQueryDefaultMaxRecords; }
}
