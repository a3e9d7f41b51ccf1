package io.conversion.sync.activity;

import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/activity}: the sync activity log, newest first, filtered and paged by {@code beforeId}. */
@RestController
@RequestMapping(path = "/api/activity", produces = MediaType.APPLICATION_JSON_VALUE)
class ActivityController {

    private final ActivityLog log;

    ActivityController(ActivityLog log) {
        this.log = log;
    }

    @GetMapping
    List<Activity> find(@RequestParam(required = false) Activity.Direction direction,
            @RequestParam(required = false) Activity.Outcome outcome,
            @RequestParam(required = false) String sfId,
            @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String object,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) Long beforeId,
            @RequestParam(defaultValue = "100") int limit) {
        return log.find(new ActivityQuery(direction, outcome, sfId, contactId, reason, blankToNull(object), from, to,
                beforeId, Math.max(1, Math.min(limit, 1000))));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
