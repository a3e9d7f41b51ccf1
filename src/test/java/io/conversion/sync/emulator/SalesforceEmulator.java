package io.conversion.sync.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory fake Salesforce org speaking OAuth, REST and CometD/CDC on one JDK HTTP server. No static state: several
 * emulators may run in one JVM.
 * <pre>
 * SalesforceEmulator sf = SalesforceEmulator.start(EmulatorConfig.forTests());
 * sf.baseUrl();            // login url == instance url
 * sf.org().create("Lead", Map.of("LastName", "Doe", "Company", "Acme"));
 * sf.faults().unavailable(2);
 * sf.stop();
 * </pre>
 */
public final class SalesforceEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceEmulator.class);
    private final EmulatorConfig config;
    private final ChangeEventBus bus;
    private final Org org;
    private final TokenStore tokens = new TokenStore();
    private final ApiUsage usage;
    private final FaultInjector faults = new FaultInjector();
    private final OAuthHandler oauth;
    private final RestHandler rest;
    private final CometdHandler cometd;
    private final ControlHandler control;
    private HttpServer server;
    private ExecutorService executor;
    private String baseUrl;

    static {
        // The JDK's HTTP server leaves Nagle's algorithm on unless told otherwise (read once, when its first server is
        // made). A response goes out as two writes (headers, then body), so on the loopback the body waited for the
        // client's delayed ACK of the headers: about 40 ms added to every call and every CometD delivery, which
        // Salesforce does not add (commit → workflow trigger p50 75 ms with it, 16 ms without).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public SalesforceEmulator(EmulatorConfig config) {
        this.config = config;
        this.bus = new ChangeEventBus(config.clock(), config.retention(), config.maxRetainedEvents());
        this.org = new Org(bus, config.clock());
        this.usage = new ApiUsage(config.clock(), config.dailyApiLimit());
        this.oauth = new OAuthHandler(this);
        this.rest = new RestHandler(this);
        this.cometd = new CometdHandler(this);
        this.control = new ControlHandler(this);
    }

    /** Creates and starts an emulator. */
    public static SalesforceEmulator start(EmulatorConfig config) {
        SalesforceEmulator e = new SalesforceEmulator(config);
        e.start();
        return e;
    }

    public synchronized SalesforceEmulator start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port()), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sf-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        baseUrl = "http://localhost:" + server.getAddress().getPort();
        LOG.info("Salesforce emulator listening on {}", baseUrl);
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            cometd.expireAllClients();
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code http://localhost:<port>}: login URL and instance URL. */
    public String baseUrl() { return baseUrl; }
    public int port() { return server.getAddress().getPort(); }
    public EmulatorConfig config() { return config; }
    public Org org() { return org; }
    public ChangeEventBus events() { return bus; }
    public FaultInjector faults() { return faults; }
    public ApiUsage usage() { return usage; }
    TokenStore tokens() { return tokens; }

    /** Expires every issued access token: REST answers 401 INVALID_SESSION_ID, CometD 401::Authentication invalid / 403::Handshake denied. */
    public void expireTokens() { tokens.expireAll(); }

    /** Forgets all CometD clients now (held connects answer 403::Unknown client). */
    public void expireCometdClients() { cometd.expireAllClients(); }

    public int cometdClientCount() { return cometd.clientCount(); }

    /** Replay ids sent by every successful or failed /meta/subscribe to the channel since the last reset, in arrival order. */
    public java.util.List<Long> subscribeReplayIds(String channel) { return cometd.subscribeReplayIds(channel); }

    /** Waits until some CometD client is subscribed to the channel and events would be delivered to it; false on timeout. */
    public boolean awaitSubscription(String channel, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (cometd.isSubscribed(channel)) return true;
            Thread.sleep(20);
        }
        return false;
    }

    /** Clears records, retained events, rules, faults, counters and query cursors; tokens and CometD clients survive. */
    public void reset() {
        org.reset();
        faults.clear();
        usage.reset();
        usage.dailyLimit(config.dailyApiLimit());
        rest.reset();
        cometd.forgetSubscribeHistory();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try {
            if (path.startsWith("/services/oauth2/")) {
                oauth.handle(ex, path);
            } else if (path.startsWith("/services/data")) {
                rest.handle(ex, path);
            } else if (path.startsWith("/cometd/")) {
                cometd.handle(ex);
            } else if (path.startsWith("/emulator/")) {
                control.handle(ex, path);
            } else if (path.startsWith("/id/")) {
                Http.send(ex, 200, Http.JSON.createObjectNode().put("id", baseUrl + path).put("organization_id", Org.ORG_ID)
                        .put("user_id", Org.USER_ID).put("username", config.username()));
            } else {
                Http.sendError(ex, ApiException.notFound());
            }
        } catch (ApiException e) {
            Http.sendError(ex, e);
        } catch (RuntimeException | IOException e) {
            LOG.warn("Emulator failed on {} {}", ex.getRequestMethod(), path, e);
            try {
                Http.send(ex, 500, Http.errorBody(String.valueOf(e), "UNKNOWN_EXCEPTION", null));
            } catch (IOException | RuntimeException ignored) {
                ex.close();
            }
        }
    }
}
