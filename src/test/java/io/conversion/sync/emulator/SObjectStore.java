package io.conversion.sync.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Raw record storage: type -> id -> fields (typed values: String, Boolean, BigDecimal, Instant, LocalDate). Not thread-safe; guarded by {@link Org}. */
final class SObjectStore {
    private final Map<String, LinkedHashMap<String, LinkedHashMap<String, Object>>> byType = new HashMap<>();

    LinkedHashMap<String, Object> get(String type, String id) {
        var m = byType.get(type);
        return m == null ? null : m.get(id);
    }

    void put(String type, String id, LinkedHashMap<String, Object> fields) {
        byType.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(id, fields);
    }

    List<LinkedHashMap<String, Object>> all(String type) {
        var m = byType.get(type);
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    void clear() {
        byType.clear();
    }
}
