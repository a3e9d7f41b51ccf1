package io.conversion.sync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The integration user's id from the login's identity URL, and Salesforce's 15/18-character id forms. */
class SalesforceIdentityTest {

    @Test
    void the_user_id_is_the_last_segment_of_the_identity_url() {
        assertThat(SalesforceIdentity.lastSegment("https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9PAAU"))
                .contains("005x00000012Q9PAAU");
        assertThat(SalesforceIdentity.lastSegment("https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P/"))
                .contains("005x00000012Q9P");
        assertThat(SalesforceIdentity.lastSegment("https://login.salesforce.com/id/")).isEmpty();
    }

    @Test
    void an_id_and_its_18_character_form_name_the_same_record_other_ids_do_not() {
        assertThat(SalesforceIdentity.sameId("005x00000012Q9P", "005x00000012Q9PAAU")).isTrue();
        assertThat(SalesforceIdentity.sameId("005x00000012Q9PAAU", "005x00000012Q9PAAU")).isTrue();
        assertThat(SalesforceIdentity.sameId("005x00000012Q9Q", "005x00000012Q9PAAU")).isFalse();
        assertThat(SalesforceIdentity.sameId("005x00000012q9p", "005x00000012Q9P")).as("case matters").isFalse();
        assertThat(SalesforceIdentity.sameId(null, "005x00000012Q9P")).isFalse();
        assertThat(SalesforceIdentity.sameId("005x00000012Q9P", null)).isFalse();
    }
}
