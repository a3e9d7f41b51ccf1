package io.conversion.sync.salesforce;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.component.salesforce.SalesforceLoginConfig;
import org.apache.camel.component.salesforce.internal.SalesforceSession;
import org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper;
import org.apache.camel.support.service.BaseService;

/**
 * camel-salesforce 4.17.0 with {@code lazy-login}, so that an unreachable Salesforce does not stop the service's
 * start. The component logs in on the first request instead of while it starts; but its CometD helper refuses lazy
 * login ("Lazy login is not supported by salesforce consumers") and would stop the start all the same. So the
 * helper alone sees an eager login: the streaming consumers log in when they subscribe, and a subscribe that fails
 * (Salesforce unreachable) fails its route's start, which the supervised route controller retries with backoff
 * until Salesforce answers. The helper's first start, from the component's own start, is the one that is expected
 * to fail: the consumers start it again.
 * <p>
 * Lazy login also leaves the component's {@link SalesforceSession} service never started (the component starts it
 * only to log in eagerly), and camel-salesforce's streaming re-login after an expired token
 * ({@code SalesforceSession.attemptLoginUntilSuccessful}, called by the CometD helper on a 401) does nothing for a
 * session that is not started: the helper re-handshakes with the expired token for ever and the stream stops. So the
 * session is marked started here, without the login its start would make. Re-check on upgrade (reaches the
 * component's internals like {@code StreamingAccess}).
 * <p>
 * Its raw change-event subscriptions are consumed by {@link ChangeEventStreamConsumer} (the same exchanges, without
 * a new JSON mapper per event).
 */
public class StartTolerantSalesforceComponent extends SalesforceComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Endpoint endpoint = super.createEndpoint(uri, remaining, parameters);
        if (endpoint instanceof SalesforceEndpoint made && ChangeEventStreamEndpoint.applies(made)) {
            return ChangeEventStreamEndpoint.copyOf(made);
        }
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        try {
            super.doStart();
        } catch (RuntimeException e) {
            // The last step of the component's start is the helper's (the consumers were made at route init).
            if (!String.valueOf(e.getMessage()).contains("Lazy login is not supported")) {
                throw e;
            }
        }
        SalesforceLoginConfig config = super.getLoginConfig();
        if (config != null && config.isLazyLogin() && !(config instanceof EagerForStreaming)) {
            setLoginConfig(EagerForStreaming.copyOf(config));
        }
        if (config != null && config.isLazyLogin()) {
            StartedWithoutLogin.mark(getSession());
        }
    }

    /** Marks a lazy-login session started (its start would log in): what its streaming re-login checks. */
    static final class StartedWithoutLogin {

        /** {@code BaseService.STARTED} in camel-api 4.17.0. */
        private static final byte STARTED = 5;

        private StartedWithoutLogin() {
        }

        static void mark(SalesforceSession session) throws ReflectiveOperationException {
            if (session == null || session.isStarted()) {
                return;
            }
            Field status = BaseService.class.getDeclaredField("status");
            status.setAccessible(true);
            status.setByte(session, STARTED);
            if (!session.isStarted()) {
                throw new IllegalStateException("camel-api changed: cannot mark the Salesforce session started");
            }
        }
    }

    /** The login config, lazy for every request but the CometD helper's handshake. */
    static final class EagerForStreaming extends SalesforceLoginConfig {

        static EagerForStreaming copyOf(SalesforceLoginConfig source) throws IllegalAccessException {
            EagerForStreaming copy = new EagerForStreaming();
            for (Field f : SalesforceLoginConfig.class.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    f.set(copy, f.get(source));
                }
            }
            return copy;
        }

        @Override
        public boolean isLazyLogin() {
            return super.isLazyLogin() && !calledByStreaming();
        }

        private static boolean calledByStreaming() {
            return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .walk(frames -> frames.limit(8).anyMatch(f -> f.getDeclaringClass() == SubscriptionHelper.class));
        }
    }
}
