package io.conversion.sync.inbound;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.SyncBatch;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettingsService;
import io.conversion.sync.web.BadRequestException;
import io.conversion.sync.web.ConflictException;
import io.conversion.sync.web.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Retry of failed inbound records: {@code POST /api/inbound/records/{object}/{salesforceId}/reread} reads one record
 * again, {@code POST /api/batches/{id}/retry} every failed inbound record of a batch (one RETRY batch per object).
 * Both answer 202 with the RETRY batches, which show IN_PROGRESS on the activity page until they are applied.
 */
@RestController
class InboundRetryController {

    /** A Salesforce record id: 15 or 18 letters and digits (anything else never reaches the SOQL). */
    private static final Pattern SALESFORCE_ID = Pattern.compile("[A-Za-z0-9]{15}([A-Za-z0-9]{3})?");
    /** More than the largest inbound batch (the writer's batches are at most 500 records per event batch). */
    private static final int MAX_RECORDS = 5000;

    private final InboundRetries retries;
    private final SyncBatches batches;
    private final ActivityLog activity;
    private final SyncSettingsService settings;

    InboundRetryController(InboundRetries retries, SyncBatches batches, ActivityLog activity,
            SyncSettingsService settings) {
        this.retries = retries;
        this.batches = batches;
        this.activity = activity;
        this.settings = settings;
    }

    @PostMapping(path = "/api/inbound/records/{object}/{salesforceId}/reread",
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> reread(@PathVariable String object, @PathVariable String salesforceId)
            throws InterruptedException {
        SyncedObject synced = SyncedObject.ofName(object).orElseThrow(() -> new BadRequestException(
                object + " is not a synced object (Lead, Contact, Account)", List.of("object")));
        if (!SALESFORCE_ID.matcher(salesforceId).matches()) {
            throw new BadRequestException("Not a Salesforce id: " + salesforceId, List.of("salesforceId"));
        }
        enabled(synced);
        long batchId = retries.reread(synced, List.of(salesforceId));
        return ResponseEntity.accepted().body(answer(List.of(retry(batchId, synced, List.of(salesforceId)))));
    }

    /**
     * Every failed inbound record of the batch with a Salesforce id, read again. An outbound batch's failed records
     * are retried one by one ("sync now" for a create, the update retry for an update): 409 here.
     */
    @PostMapping(path = "/api/batches/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> retryBatch(@PathVariable long id) throws InterruptedException {
        SyncBatch batch = batches.get(id).orElseThrow(() -> new NotFoundException("No batch with id " + id));
        if (batch.direction() != Activity.Direction.INBOUND) {
            throw new ConflictException("Batch " + id + " is outbound: retry its failed records with "
                    + "POST /api/contacts/{id}/sync (creates) or POST /api/contacts/{id}/updates/retry (updates)");
        }
        Map<SyncedObject, Set<String>> failed = new LinkedHashMap<>();
        for (Activity a : activity.ofBatch(id, MAX_RECORDS)) {
            if (a.outcome() == Activity.Outcome.FAILED && a.sfId() != null
                    && SALESFORCE_ID.matcher(a.sfId()).matches()) {
                SyncedObject.ofName(a.objectType())
                        .ifPresent(o -> failed.computeIfAbsent(o, k -> new LinkedHashSet<>()).add(a.sfId()));
            }
        }
        if (failed.isEmpty()) {
            throw new ConflictException("Batch " + id + " has no failed inbound record to read again");
        }
        for (SyncedObject o : failed.keySet()) {
            enabled(o);
        }
        List<Map<String, Object>> queued = new ArrayList<>();
        for (var e : failed.entrySet()) {
            List<String> ids = List.copyOf(e.getValue());
            queued.add(retry(retries.reread(e.getKey(), ids), e.getKey(), ids));
        }
        return ResponseEntity.accepted().body(answer(queued));
    }

    /** A paused object takes no change: a retry would apply one behind its toggle's back. */
    private void enabled(SyncedObject object) {
        if (!settings.inboundEnabled(object)) {
            throw new ConflictException("Inbound sync of " + object + " is off: switch it on to read records again");
        }
    }

    private static Map<String, Object> retry(long batchId, SyncedObject object, List<String> ids) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("batchId", batchId);
        v.put("object", object.sfName());
        v.put("salesforceIds", ids);
        v.put("status", "IN_PROGRESS");
        return v;
    }

    private static Map<String, Object> answer(List<Map<String, Object>> retries) {
        return Map.of("retries", retries);
    }
}
