package io.conversion.sync.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InListsTest {

    @Test
    void values_are_bound_a_thousand_at_a_time_without_nulls_or_repeats() {
        List<Integer> values = new ArrayList<>(IntStream.range(0, 2_500).boxed().toList());
        values.addAll(Arrays.asList(null, 7, 2_499, null));

        List<List<Integer>> chunks = new ArrayList<>();
        InLists.forEachChunk(values, chunks::add);

        assertThat(chunks).extracting(List::size).containsExactly(1_000, 1_000, 500);
        assertThat(chunks.stream().flatMap(List::stream)).doesNotContainNull().doesNotHaveDuplicates().hasSize(2_500);
    }

    @Test
    void no_values_run_no_query() {
        List<List<String>> queried = new ArrayList<>();

        InLists.forEachChunk(Arrays.<String>asList(null, null), queried::add);

        assertThat(queried).isEmpty();
        assertThat(InLists.union(List.<String>of(), part -> List.of("never"))).isEmpty();
    }

    @Test
    void the_union_gathers_what_every_chunk_found() {
        List<Integer> values = IntStream.range(0, 2_001).boxed().toList();

        // Each "query" finds the even values of its chunk.
        var found = InLists.union(values, part -> part.stream().filter(v -> v % 2 == 0).toList());

        assertThat(found).hasSize(1_001).contains(0, 1_000, 2_000).doesNotContain(1, 1_999);
    }
}
