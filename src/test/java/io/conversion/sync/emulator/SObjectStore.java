package io.conversion.sync.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Raw record storage: type -> id -> {@link SRecord}, in insertion order. Not thread-safe; guarded by {@link Org}. */
final class SObjectStore {
    private final Map<String, LinkedHashMap<String, SRecord>> byType = new HashMap<>();

    SRecord get(String type, String id) {
        var m = byType.get(type);
        return m == null ? null : m.get(id);
    }

    void put(String type, String id, SRecord record) {
        byType.computeIfAbsent(type, t -> new LinkedHashMap<>(1 << 10)).put(id, record);
    }

    /** Replaces the stored record by a private copy and returns it: readers holding the old one keep its values. */
    SRecord forWrite(String type, String id) {
        SRecord r = get(type, id);
        if (r == null) return null;
        SRecord copy = r.copy();
        byType.get(type).put(id, copy);
        return copy;
    }

    /** A live view (no copy): iterate under the org lock only. */
    Iterable<SRecord> view(String type) {
        var m = byType.get(type);
        return m == null ? List.of() : m.values();
    }

    List<SRecord> all(String type) {
        var m = byType.get(type);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    int size(String type) {
        var m = byType.get(type);
        return m == null ? 0 : m.size();
    }

    void clear() {
        byType.clear();
    }
}
