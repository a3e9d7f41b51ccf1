package io.conversion.sync.budget;

import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;

/**
 * Reads {@code Sforce-Limit-Info} off every answer camel-salesforce's HTTP client receives (REST, composite,
 * sObject Collections, Bulk API 2.0; errors included, as Salesforce sends it on those too) into the {@link ApiBudget}.
 * Registered on the client's request listeners, so it sees every request whichever camel-salesforce class sends it:
 * as a request begins, it adds a response-headers listener to it, which the client notifies alongside
 * camel-salesforce's own (the answer itself is untouched).
 */
final class LimitInfoReader implements Request.BeginListener {

    static final String HEADER = "Sforce-Limit-Info";

    private final ApiBudget budget;

    LimitInfoReader(ApiBudget budget) {
        this.budget = budget;
    }

    @Override
    public void onBegin(Request request) {
        request.onResponseHeaders(this::read);
    }

    private void read(Response response) {
        budget.read(response.getHeaders().get(HEADER));
    }
}
