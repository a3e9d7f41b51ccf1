package io.conversion.sync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoqlTest {

    @Test
    void quotes_and_backslashes_cannot_end_a_literal() {
        assertThat(Soql.literal("o'brien@x.com")).isEqualTo("'o\\'brien@x.com'");
        assertThat(Soql.literal("x' OR Name != '")).isEqualTo("'x\\' OR Name != \\''");
        assertThat(Soql.escape("x\\' OR Name != '")).isEqualTo("x\\\\\\' OR Name != \\'");
        assertThat(Soql.literal("a\\b\nc\t\"")).isEqualTo("'a\\\\b\\nc\\t\\\"'");
    }

    @Test
    void like_wildcards_in_values_are_taken_literally() {
        assertThat(Soql.likeEscape("a_b%c.com")).isEqualTo("a\\_b\\%c.com");
        assertThat(Soql.likeEscape("o'neil.com")).isEqualTo("o\\'neil.com");
    }

    @Test
    void in_lists_quote_every_value() {
        assertThat(Soql.inList(List.of("00Q000000000001AAA", "b'"))).isEqualTo("('00Q000000000001AAA', 'b\\'')");
    }

    @Test
    void date_times_are_utc_with_milliseconds() {
        assertThat(Soql.dateTime(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    }
}
