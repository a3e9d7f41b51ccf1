package io.conversion.sync.budget;

import org.eclipse.jetty.client.ProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;

/**
 * Reads {@code Sforce-Limit-Info} off every answer camel-salesforce's HTTP client receives (REST, composite,
 * sObject Collections, Bulk API 2.0; errors included, as Salesforce sends it on those too) into the {@link ApiBudget}.
 * It is a Jetty protocol handler because the client asks every handler about every answer's headers, before any
 * camel-salesforce code decides whether it is a success: it never accepts, so the answer goes on unchanged.
 */
final class LimitInfoReader implements ProtocolHandler {

    static final String HEADER = "Sforce-Limit-Info";
    static final String NAME = "conversion-sync-limit-info";

    private final ApiBudget budget;

    LimitInfoReader(ApiBudget budget) {
        this.budget = budget;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean accept(Request request, Response response) {
        budget.read(response.getHeaders().get(HEADER));
        return false;
    }

    @Override
    public Response.Listener getResponseListener() {
        return null; // never asked: accept is always false
    }
}
