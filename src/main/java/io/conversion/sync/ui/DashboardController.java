package io.conversion.sync.ui;

import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.inbound.InitialImport;
import io.conversion.sync.inbound.InitialImportRun;
import io.conversion.sync.salesforce.SalesforceStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/dashboard}: what the Dashboard page polls: inbound streams, outbound backlog, dead-letter depth and
 * Salesforce API usage and the latest initial import, in one answer. Starting the import and "sync now" use their own
 * endpoints.
 */
@RestController
class DashboardController {

    private final InboundStreams streams;
    private final OutboundBacklog backlog;
    private final DeadLetterQueue deadLetters;
    private final ApiBudget apiBudget;
    private final InitialImport imports;
    private final SalesforceStatus salesforce;

    DashboardController(InboundStreams streams, OutboundBacklog backlog, DeadLetterQueue deadLetters,
            ApiBudget apiBudget, InitialImport imports, SalesforceStatus salesforce) {
        this.salesforce = salesforce;
        this.streams = streams;
        this.backlog = backlog;
        this.deadLetters = deadLetters;
        this.apiBudget = apiBudget;
        this.imports = imports;
    }

    @GetMapping(path = "/api/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> dashboard() {
        InboundStreams.View in = streams.view();
        Map<String, Object> inbound = new LinkedHashMap<>();
        inbound.put("status", in.status());
        inbound.put("queued", in.queued());
        inbound.put("channels", in.channels());

        OutboundBacklog.Counts counts = backlog.counts();
        Map<String, Object> outbound = new LinkedHashMap<>();
        outbound.put("pending", counts.pending());
        outbound.put("failed", counts.failed());
        outbound.put("oldestPendingSince", counts.oldestPendingSince());
        OutboundBacklog.UpdateCounts updates = backlog.updateCounts();
        outbound.put("updatesPending", updates.pending());
        outbound.put("updatesFailed", updates.failed());
        // Why creates and updates wait while Salesforce does not answer (null while it answers).
        outbound.put("waitingFor", salesforce.waitReason());
        var depth = deadLetters.depth();
        outbound.put("deadLetterQueue", deadLetters.name());
        outbound.put("deadLetters", depth.isPresent() ? depth.getAsLong() : null);

        // From the Sforce-Limit-Info header of the last Salesforce answer: no call of its own.
        ApiBudget.Snapshot usage = apiBudget.snapshot();
        boolean known = usage.max() >= 0;
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("max", known ? usage.max() : null);
        api.put("remaining", known ? usage.remaining() : null);
        api.put("used", known ? usage.used() : null);
        api.put("reserve", known ? usage.reserve() : null);
        api.put("state", usage.level());
        api.put("waitingFor", usage.waitingFor());
        api.put("readAt", usage.readAt());
        api.put("error", null);

        Map<String, Object> v = new LinkedHashMap<>();
        v.put("inbound", inbound);
        v.put("outbound", outbound);
        v.put("salesforceApi", api);
        // The latest initial import (as GET /api/sync/initial-import shows it), or null when none ran since the start.
        v.put("initialImport", imports.latest().map(InitialImportRun::toJson).orElse(null));
        return v;
    }
}
