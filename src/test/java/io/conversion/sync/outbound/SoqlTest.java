package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoqlTest {

    @Test
    void quotes_and_backslashes_cannot_end_the_literal() {
        assertThat(Soql.literal("o'brien")).isEqualTo("o\\'brien");
        assertThat(Soql.literal("x\\' OR Name != '")).isEqualTo("x\\\\\\' OR Name != \\'");
    }

    @Test
    void like_wildcards_in_data_are_taken_literally() {
        assertThat(Soql.likeLiteral("a_b%c.com")).isEqualTo("a\\_b\\%c.com");
        assertThat(Soql.likeLiteral("o'neil.com")).isEqualTo("o\\'neil.com");
    }
}
