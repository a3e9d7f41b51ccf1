package io.conversion.sync.ui;

import io.conversion.sync.inbound.InitialImport;
import io.conversion.sync.inbound.InitialImportRun;
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
    private final SalesforceApiUsage apiUsage;
    private final InitialImport imports;

    DashboardController(InboundStreams streams, OutboundBacklog backlog, DeadLetterQueue deadLetters,
            SalesforceApiUsage apiUsage, InitialImport imports) {
        this.streams = streams;
        this.backlog = backlog;
        this.deadLetters = deadLetters;
        this.apiUsage = apiUsage;
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
        var depth = deadLetters.depth();
        outbound.put("deadLetterQueue", deadLetters.name());
        outbound.put("deadLetters", depth.isPresent() ? depth.getAsLong() : null);

        SalesforceApiUsage.Usage usage = apiUsage.read();
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("max", usage.max() < 0 ? null : usage.max());
        api.put("remaining", usage.remaining() < 0 ? null : usage.remaining());
        api.put("used", usage.used() < 0 ? null : usage.used());
        api.put("readAt", usage.readAt());
        api.put("error", usage.error());

        Map<String, Object> v = new LinkedHashMap<>();
        v.put("inbound", inbound);
        v.put("outbound", outbound);
        v.put("salesforceApi", api);
        // The latest initial import (as GET /api/sync/initial-import shows it), or null when none ran since the start.
        v.put("initialImport", imports.latest().map(InitialImportRun::toJson).orElse(null));
        return v;
    }
}
