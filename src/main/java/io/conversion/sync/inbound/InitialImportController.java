package io.conversion.sync.inbound;

import io.conversion.sync.web.NotFoundException;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sync/initial-import} starts the initial import in the background (202, or 409 while one runs);
 * {@code GET /api/sync/initial-import[/{id}]} shows its progress per object.
 */
@RestController
class InitialImportController {

    private static final String PATH = "/api/sync/initial-import";

    /** Optional body: the objects to import (default: those whose inbound toggle is on). */
    record Request(List<String> objects) {
    }

    private final InitialImport imports;

    InitialImportController(InitialImport imports) {
        this.imports = imports;
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> start(@RequestBody(required = false) Request request, Principal user) {
        InitialImportRun run = imports.start(request == null ? null : request.objects(),
                user == null ? null : user.getName());
        return ResponseEntity.accepted().location(URI.create(PATH + "/" + run.id)).body(run.toJson());
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> latest() {
        return imports.latest().orElseThrow(() -> new NotFoundException("No initial import has run since the start"))
                .toJson();
    }

    @GetMapping(path = PATH + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> byId(@PathVariable String id) {
        return imports.find(id).orElseThrow(() -> new NotFoundException("No initial import " + id)).toJson();
    }
}
