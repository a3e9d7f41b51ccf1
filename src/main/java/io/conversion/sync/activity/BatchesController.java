package io.conversion.sync.activity;

import io.conversion.sync.web.NotFoundException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/batches}: one entry per batch, newest first, filtered and keyset-paged by {@code beforeId};
 * {@code GET /api/batches/{id}}: one batch with its records.
 */
@RestController
@RequestMapping(path = "/api/batches", produces = MediaType.APPLICATION_JSON_VALUE)
class BatchesController {

    /** More than the largest batch (outbound: 200 records; inbound writer batches are smaller). */
    private static final int MAX_RECORDS = 5000;

    private final SyncBatches batches;
    private final ActivityLog log;

    BatchesController(SyncBatches batches, ActivityLog log) {
        this.batches = batches;
        this.log = log;
    }

    @GetMapping
    List<SyncBatch> find(@RequestParam(required = false) Activity.Direction direction,
            @RequestParam(required = false) String object,
            @RequestParam(required = false) BatchStatus status,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) Long beforeId,
            @RequestParam(defaultValue = "50") int limit) {
        return batches.find(direction, object == null || object.isBlank() ? null : object,
                status == null ? null : status.name(), from, to, beforeId, Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable long id) {
        SyncBatch batch = batches.get(id).orElseThrow(() -> new NotFoundException("No batch with id " + id));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("batch", batch);
        v.put("records", log.ofBatch(id, MAX_RECORDS));
        return v;
    }

    /** The statuses a batch has (the filter refuses any other with a 400). */
    enum BatchStatus {
        IN_PROGRESS, COMPLETED, FAILED, ABANDONED
    }
}
