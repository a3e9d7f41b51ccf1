package io.conversion.sync.emulator;

import io.conversion.sync.emulator.SObjectType.Field;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

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
        return f.slot() < values.length ? values[f.slot()] : null;
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
        Object old = values[f.slot()];
        values[f.slot()] = value;
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
