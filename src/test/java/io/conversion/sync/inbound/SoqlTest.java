package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoqlTest {

    @Test
    void escapes_quotes_and_backslashes_in_literals() {
        assertThat(Soql.literal("00Q000000000001AAA")).isEqualTo("'00Q000000000001AAA'");
        assertThat(Soql.literal("x' OR Name != '")).isEqualTo("'x\\' OR Name != \\''");
        assertThat(Soql.literal("a\\b\nc")).isEqualTo("'a\\\\b\\nc'");
    }

    @Test
    void builds_in_lists_and_unquoted_date_times() {
        assertThat(Soql.inList(List.of("a", "b'"))).isEqualTo("('a', 'b\\'')");
        assertThat(Soql.dateTime(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    }
}
