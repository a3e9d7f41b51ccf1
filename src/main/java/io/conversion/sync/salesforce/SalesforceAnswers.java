package io.conversion.sync.salesforce;

import java.net.SocketException;
import java.net.UnknownHostException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;

/**
 * Tells {@link SalesforceStatus} how the requests of camel-salesforce's HTTP client end (registered on the client's
 * request listeners, like the budget's {@code LimitInfoReader}): a 503, or a request that found no connection at all,
 * is DOWN; any other answer of the REST API or the login is UP. CometD's long polls do not count as answers: they
 * keep being answered while the REST API is unavailable. A timeout is a slow answer, not an outage.
 */
final class SalesforceAnswers implements Request.BeginListener, Request.FailureListener {

    private static final int UNAVAILABLE = 503;

    private final SalesforceStatus status;

    SalesforceAnswers(SalesforceStatus status) {
        this.status = status;
    }

    @Override
    public void onBegin(Request request) {
        request.onResponseHeaders(response -> answered(request, response));
    }

    private void answered(Request request, Response response) {
        String path = request.getPath();
        if (response.getStatus() == UNAVAILABLE) {
            status.unavailable("HTTP 503 Service Unavailable from " + path);
        } else if (path == null || !path.contains("/cometd/")) {
            status.answered();
        }
    }

    /** A request that never reached Salesforce (refused, unknown host, reset); it does not begin, so only this sees it. */
    @Override
    public void onFailure(Request request, Throwable failure) {
        if (unreachable(failure)) {
            status.unavailable("no connection to " + request.getHost() + ":" + request.getPort() + " ("
                    + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")");
        }
    }

    private static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
