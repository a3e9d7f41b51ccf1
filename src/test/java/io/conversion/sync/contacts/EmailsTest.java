package io.conversion.sync.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Email and free-text normalisation (README "Bad input"). */
class EmailsTest {

    @ParameterizedTest
    @CsvSource({
        "anna@bücher.de, anna@xn--bcher-kva.de",
        "anna@xn--bcher-kva.de, anna@xn--bcher-kva.de",
        "Anna@BÜCHER.de, anna@xn--bcher-kva.de",
        "'  jane@acme.com ', jane@acme.com",
        // e + combining acute accent (NFD) is the precomposed é (NFC)
        "rene\u0301@café.fr, ren\u00e9@xn--caf-dma.fr",
    })
    void unicode_forms_of_one_address_have_one_key(String email, String key) {
        assertThat(Emails.key(email)).isEqualTo(key);
    }

    /** ASCII domains skip IDN.toASCII (an import normalises a million addresses): the result must be the same. */
    @ParameterizedTest
    @CsvSource({"jane@acme.com", "jane@ACME.Example.COM", "jane@a.b.", "jane@.", "jane@a..b", "jane@.a", "jane@-a-",
        "jane@xn--bcher-kva.de", "jane@a_b.com", "jane@bücher.de"})
    void an_ascii_domain_normalises_as_idn_would(String email) {
        int at = email.lastIndexOf('@');
        String domain = email.substring(at + 1);
        String viaIdn;
        try {
            viaIdn = email.substring(0, at + 1) + java.net.IDN.toASCII(domain, java.net.IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException notADomain) {
            viaIdn = email;
        }
        assertThat(Emails.normalize(email)).isEqualTo(viaIdn);
        String longLabel = "jane@" + "x".repeat(64) + ".com";
        assertThat(Emails.normalize(longLabel)).isEqualTo(longLabel); // refused by IDN: kept for invalidReason
    }

    @Test
    void the_idn_and_punycode_domains_of_an_email_are_one_domain() {
        assertThat(Domains.fromEmail("anna@bücher.de")).contains("xn--bcher-kva.de");
        assertThat(Domains.fromEmail(Emails.normalize("anna@bücher.de"))).contains("xn--bcher-kva.de");
        assertThat(Domains.fromWebsite("https://www.bücher.de/")).isEqualTo(Domains.fromEmail("anna@xn--bcher-kva.de"));
    }

    @Test
    void rejects_control_characters_and_addresses_salesforce_cannot_hold_with_reason() {
        assertThat(Emails.invalidReason("a\u0000b@acme.com")).contains("invalid email: contains the control character U+0000");
        assertThat(Emails.invalidReason("a".repeat(72) + "@acme.com")).contains("invalid email: 81 characters, "
                + "Salesforce takes at most 80");
        assertThat(Emails.invalidReason("no-at-sign")).contains("invalid email: no-at-sign");
        assertThat(Emails.invalidReason(" ")).contains("email is required");
        assertThat(Emails.invalidReason(Emails.normalize("anna@bücher.de"))).isEmpty();
    }

    @Test
    void text_values_lose_control_characters_and_are_nfc() {
        assertThat(TextValues.clean("Ja\u0000ne\u0007", false)).isEqualTo("Jane");
        assertThat(TextValues.clean("Doe\tSmith\r\n", false)).isEqualTo("Doe Smith  ");
        assertThat(TextValues.clean("line one\nline two\u0000", true)).isEqualTo("line one\nline two");
        assertThat(TextValues.clean("Rene\u0301e", false)).isEqualTo("Ren\u00e9e");
        assertThat(TextValues.clean("plain", false)).isSameAs("plain");
    }
}
