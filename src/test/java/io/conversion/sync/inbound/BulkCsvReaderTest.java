package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Salesforce's Bulk API 2.0 result CSV (RFC 4180) read record by record. */
class BulkCsvReaderTest {

    @Test
    void quoted_values_keep_commas_doubled_quotes_and_line_breaks_and_empty_values_are_null() {
        String csv = "\"Id\",\"Email\",\"Description\",\"Title\"\n"
                + "\"00Q1\",\"ada@example.com\",\"one, two \"\"three\"\"\nnext line\",\"\"\n"
                + "\"00Q2\",\"grace@example.com\",\"\",\"Admiral\"\n";

        List<Map<String, Object>> records = read(csv, Set.of());

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).containsEntry("Id", "00Q1").containsEntry("Email", "ada@example.com")
                .containsEntry("Description", "one, two \"three\"\nnext line").containsEntry("Title", null);
        assertThat(records.get(1)).containsEntry("Description", null).containsEntry("Title", "Admiral");
    }

    @Test
    void crlf_line_endings_unquoted_values_a_last_row_without_line_ending_and_booleans() {
        String csv = "Id,IsConverted,Name\r\n00Q1,true,Ada\r\n00Q2,false,Grace";

        List<Map<String, Object>> records = read(csv, Set.of("IsConverted"));

        assertThat(records).extracting(r -> r.get("Name")).containsExactly("Ada", "Grace");
        assertThat(records).extracting(r -> r.get("IsConverted")).containsExactly(Boolean.TRUE, Boolean.FALSE);
    }

    @Test
    void values_that_straddle_the_read_ahead_block_are_read_whole() {
        StringBuilder csv = new StringBuilder("\"Id\",\"Description\"\n");
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            // Doubled quotes and multi-byte characters land on every position of the 64K-character blocks.
            String description = "r\u00e9sum\u00e9 " + i + " \"q\" " + "x".repeat(i % 37);
            expected.put("00Q" + i, description);
            csv.append("\"00Q").append(i).append("\",\"").append(description.replace("\"", "\"\"")).append("\"\n");
        }

        List<Map<String, Object>> records = read(csv.toString(), Set.of());

        assertThat(records).hasSize(3_000);
        for (Map<String, Object> r : records) {
            assertThat(r.get("Description")).isEqualTo(expected.get((String) r.get("Id")));
        }
    }

    @Test
    void a_header_only_page_has_no_record_and_a_row_of_the_wrong_width_is_refused() {
        assertThat(read("\"Id\",\"Email\"\n", Set.of())).isEmpty();
        assertThatThrownBy(() -> read("\"Id\",\"Email\"\n\"00Q1\"\n", Set.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 values under a header of 2");
    }

    private static List<Map<String, Object>> read(String csv, Set<String> booleans) {
        List<Map<String, Object>> records = new ArrayList<>();
        try (BulkCsvReader reader = new BulkCsvReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                booleans)) {
            for (Map<String, Object> r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
        }
        return records;
    }
}
