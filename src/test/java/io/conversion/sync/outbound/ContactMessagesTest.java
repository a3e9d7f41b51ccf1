package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContactMessagesTest {

    private final ContactMessages messages = new ContactMessages();

    @Test
    void reads_the_documented_message() {
        ContactMessage m = messages.parse("{\"email\":\"jane@acme.com\",\"firstName\":\"Jane\",\"lastName\":\"Doe\","
                + "\"company\":\"Acme\",\"title\":\"CTO\",\"phone\":\"+1 555 0100\",\"source\":\"FORM\","
                + "\"skipInitialSync\":false}");
        assertThat(m).isEqualTo(new ContactMessage("jane@acme.com", "Jane", "Doe", "Acme", "CTO", "+1 555 0100",
                "FORM", false));
    }

    @Test
    void only_email_is_required_and_quotes_are_legal_in_addresses() {
        assertThat(messages.parse("{\"email\":\" o'brien@x.com \"}").email()).isEqualTo("o'brien@x.com");
        assertThat(messages.parse("{\"email\":\"jane@o'neil.com\",\"skipInitialSync\":true}").skipInitialSync())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{oops", "[1]", "{}", "{\"email\":\"\"}", "{\"email\":\"plain\"}",
            "{\"email\":\"a@b\"}", "{\"email\":\"a b@c.com\"}", "{\"email\":\"a@b.com\",\"source\":\"FAX\"}",
            "{\"email\":\"a@b.com\",\"skipInitialSync\":\"yes\"}", "{\"email\":42}", "{\"email\":\"a@b.com\"} trailing"})
    void rejects_malformed_messages_with_a_reason(String body) {
        assertThatThrownBy(() -> messages.parse(body)).isInstanceOf(InvalidContactMessageException.class)
                .message().isNotBlank();
    }

    @Test
    void the_published_json_reads_back_the_same() {
        ContactMessage m = new ContactMessage("a@b.com", null, "B", null, null, null, "API", true);
        assertThat(messages.parse(messages.toJson(m))).isEqualTo(m);
    }
}
