package io.conversion.sync.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainsTest {

    @ParameterizedTest
    @CsvSource({
        "https://www.acme.com/, acme.com",
        "acme.com, acme.com",
        "http://ACME.com/about, acme.com",
        "www.Acme.COM, acme.com",
        "https://acme.com:8443/x?y=1#z, acme.com",
        "acme.com., acme.com",
        "https://user:pw@www.acme.com/, acme.com",
        "'  https://shop.acme.co.uk  ', shop.acme.co.uk",
        "o'neil.com, o'neil.com",
    })
    void website_is_normalised_to_its_domain(String website, String domain) {
        assertThat(Domains.fromWebsite(website)).contains(domain);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "localhost", "http://", "https:///path", "not a site.com"})
    void unusable_websites_have_no_domain(String website) {
        assertThat(Domains.fromWebsite(website)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "jane@acme.com, acme.com",
        "Jane.Doe@ACME.com, acme.com",
        "o'brien@x.com, x.com",
        "a@b@sub.acme.com, sub.acme.com",
    })
    void email_domain_is_normalised(String email, String domain) {
        assertThat(Domains.fromEmail(email)).contains(domain);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"jane", "jane@", "jane@localhost"})
    void emails_without_a_domain_have_none(String email) {
        assertThat(Domains.fromEmail(email)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"notacme.com", "acme.com.evil.io", "acme.co"})
    void similar_domains_are_different(String website) {
        assertThat(Domains.fromWebsite(website)).isNotEqualTo(Domains.fromEmail("jane@acme.com"));
    }
}
