package io.conversion.sync.database;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Values bound to an {@code in (:list)} parameter a thousand at a time: the batch writer looks up thousands of ids
 * per transaction: one statement per value would be thousands of round trips, and one list of them all runs into the
 * driver's parameter limit (PostgreSQL: 65,535 per statement) and plans badly on H2.
 */
public final class InLists {

    /** Values per {@code in} list. */
    public static final int CHUNK = 1000;

    private InLists() {
    }

    /** Runs {@code query} once per thousand of the distinct non-null values (not at all for none). */
    public static <T> void forEachChunk(Collection<T> values, Consumer<List<T>> query) {
        List<T> all = values.stream().filter(Objects::nonNull).distinct().toList();
        for (int from = 0; from < all.size(); from += CHUNK) {
            query.accept(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
    }

    /** What {@code query} returns for each thousand of the distinct non-null values, together. */
    public static <T, R> Set<R> union(Collection<T> values, Function<List<T>, Collection<R>> query) {
        Set<R> found = new HashSet<>();
        forEachChunk(values, part -> found.addAll(query.apply(part)));
        return found;
    }
}
