package io.conversion.sync.emulator;

import io.conversion.sync.emulator.SObjectType.Field;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stored record: a value array indexed by the type's field slots instead of a hash map (a million Leads must fit in
 * a small heap). A map view over the non-null values; Lead/Contact {@code Name} is computed from its parts. Keys are
 * case-insensitive field names. Records in the store are replaced, never changed, once a reader may hold them
 * ({@link #copy}), so a query snapshot (Bulk API job) keeps seeing the values of its moment.
 */
final class SRecord extends AbstractMap<String, Object> {
    private final SObjectType type;
    private Object[] values;

    SRecord(SObjectType type) {
        this.type = type;
        this.values = new Object[type.slotCount()];
    }

    private SRecord(SObjectType type, Object[] values) {
        this.type = type;
        this.values = values;
    }

    SObjectType type() { return type; }

    SRecord copy() {
        return new SRecord(type, Arrays.copyOf(values, Math.max(values.length, type.slotCount())));
    }

    String id() { return (String) values[0]; }

    boolean deleted() { return Boolean.TRUE.equals(get("IsDeleted")); }

    Object value(Field f) {
        if (f.slot() < 0) return null;
        if (type.compoundName() && f.name().equals("Name")) return computedName();
        Object v = f.slot() < values.length ? values[f.slot()] : null;
        return v instanceof byte[] latin1 ? new String(latin1, StandardCharsets.ISO_8859_1) : v;
    }

    /** Picklist values repeat: one shared String per distinct value (bounded; beyond it values are stored as they come). */
    private static final Map<String, String> PICKLIST_VALUES = new ConcurrentHashMap<>();

    /**
     * Text values are kept as Latin-1 bytes when they fit (24 bytes less per value than a String), picklist values as
     * shared Strings; the Id stays the map key's String.
     */
    private static Object compact(Field f, Object v) {
        // References (OwnerId, AccountId, ...) stay Strings: they are shared with the referenced record's key or are the user id.
        if (!(v instanceof String s) || f.slot() == 0 || f.type() == SObjectType.FieldType.REFERENCE || f.type() == SObjectType.FieldType.ID) return v;
        if (f.describeType().equals("picklist")) {
            String shared = PICKLIST_VALUES.get(s);
            if (shared != null) return shared;
            if (PICKLIST_VALUES.size() < 10_000) PICKLIST_VALUES.putIfAbsent(s, s);
            return s;
        }
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0xFF) return s;
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private String computedName() {
        String first = (String) get("FirstName");
        String last = (String) get("LastName");
        String n = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return n.isEmpty() ? null : n;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String k)) return null;
        Field f = type.field(k);
        return f == null ? null : value(f);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Object put(String key, Object value) {
        Field f = type.fieldForWrite(key);
        if (f == null) throw new IllegalArgumentException("No field " + key + " on " + type.name());
        if (f.slot() >= values.length) values = Arrays.copyOf(values, type.slotCount());
        Object old = value(f);
        values[f.slot()] = compact(f, value);
        return old;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private final Iterator<Field> fields = type.fields().iterator();
                    private Entry<String, Object> next = advance();

                    private Entry<String, Object> advance() {
                        while (fields.hasNext()) {
                            Field f = fields.next();
                            Object v = value(f);
                            if (v != null) return new SimpleImmutableEntry<>(f.name(), v);
                        }
                        return null;
                    }

                    @Override
                    public boolean hasNext() { return next != null; }

                    @Override
                    public Entry<String, Object> next() {
                        if (next == null) throw new NoSuchElementException();
                        Entry<String, Object> e = next;
                        next = advance();
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                int n = 0;
                for (Field f : type.fields()) if (value(f) != null) n++;
                return n;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Map<?, ?> m && Objects.equals(entrySet(), m.entrySet());
    }

    @Override
    public int hashCode() {
        return entrySet().hashCode();
    }
}
