package io.conversion.sync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SoqlChunksTest {

    @Test
    void terms_within_the_budget_make_one_query() {
        assertThat(SoqlChunks.of("SELECT Id FROM Lead WHERE Email IN (", List.of("'a@x.com'", "'b@x.com'"), ", ", ")",
                SoqlChunks.GET_BUDGET)).containsExactly("SELECT Id FROM Lead WHERE Email IN ('a@x.com', 'b@x.com')");
    }

    @Test
    void no_terms_make_no_query() {
        assertThat(SoqlChunks.of("h", List.of(), ", ", ")", 100)).isEmpty();
    }

    @Test
    void many_terms_are_split_so_that_no_query_exceeds_the_budget_and_none_is_lost() {
        List<String> terms = IntStream.range(0, 500).mapToObj(i -> Soql.literal("o'neil+" + i + "@ex ample.com"))
                .toList();
        List<String> queries = SoqlChunks.of("H(", terms, ", ", ")", 2_000);
        assertThat(queries).hasSizeGreaterThan(5);
        for (String q : queries) {
            String body = q.substring(2, q.length() - 1);
            assertThat(URLEncoder.encode(body, StandardCharsets.UTF_8).length()).isLessThanOrEqualTo(2_000);
        }
        assertThat(queries.stream().flatMap(q -> List.of(q.substring(2, q.length() - 1).split(", ")).stream()))
                .containsExactlyElementsOf(terms);
    }

    @Test
    void groups_keep_the_terms_in_order_and_each_group_within_the_budget() {
        List<String> terms = IntStream.range(0, 100).mapToObj(i -> Soql.literal("name " + i)).toList();
        List<List<String>> groups = SoqlChunks.groups(terms, ", ", 200);
        assertThat(groups).hasSizeGreaterThan(1);
        assertThat(groups.stream().flatMap(List::stream)).containsExactlyElementsOf(terms);
        assertThat(groups).allSatisfy(g -> assertThat(
                URLEncoder.encode(String.join(", ", g) + ", ", StandardCharsets.UTF_8).length()).isLessThanOrEqualTo(200));
    }
}
