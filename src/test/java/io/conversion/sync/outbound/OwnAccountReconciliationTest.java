package io.conversion.sync.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.outbound.OwnAccountReconciliation.Found;
import io.conversion.sync.outbound.PendingContact.OwnAccountSent;
import io.conversion.sync.salesforce.SoqlChunks;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.StreamSupport;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectComposite;
import org.junit.jupiter.api.Test;

/** Which own-Account creates are looked up, how, and which Account found counts as the one a lost create made. */
class OwnAccountReconciliationTest {

    private static final Instant SENT = Instant.parse("2026-12-03T00:10:00Z");

    private final OwnAccountReconciliation reconciliation = new OwnAccountReconciliation(null, null, null, null, null,
            null, "56.0");

    @Test
    void no_contact_with_an_unresolved_own_account_create_needs_no_call() {
        OutboundBatch batch = batch(List.of(item(1, "Jane Doe", null, null, CreateAs.CONTACT),
                item(2, "Lead Co", new OwnAccountSent("Lead Co", null, SENT), null, CreateAs.LEAD),
                item(3, "Linked", new OwnAccountSent("Linked", null, SENT), "001000000000001AAA", CreateAs.CONTACT)));

        assertThat(reconciliation.query(batch)).isNull();
    }

    @Test
    void unresolved_creates_are_looked_up_in_one_composite_call_with_escaped_names_and_the_first_send_as_lower_bound() {
        OutboundBatch batch = batch(List.of(
                item(1, "O'Brien & Sons", new OwnAccountSent("O'Brien & Sons", null, SENT.plusSeconds(60)), null,
                        CreateAs.CONTACT),
                item(2, "Acme", new OwnAccountSent("Acme", "acme.com", SENT), null, CreateAs.CONTACT)));

        List<String> requests = urls(reconciliation.query(batch));

        assertThat(requests).hasSize(1);
        String soql = URLDecoder.decode(requests.get(0).replaceFirst(".*\\?q=", ""), StandardCharsets.UTF_8);
        assertThat(soql).isEqualTo("SELECT Id, Name, Website, CreatedById, CreatedDate FROM Account WHERE CreatedDate"
                + " >= 2026-12-02T23:55:00Z AND Name IN ('O\\'Brien & Sons', 'Acme') ORDER BY CreatedDate, Id");
    }

    @Test
    void names_beyond_one_composite_request_wait_for_a_later_batch_instead_of_a_second_call() {
        String longName = "ü".repeat(250);
        List<OutboundBatch.Item> items = IntStream.range(0, 200).mapToObj(i -> item(i, longName + i,
                new OwnAccountSent(longName + i, null, SENT), null, CreateAs.CONTACT)).toList();

        List<String> requests = urls(reconciliation.query(batch(items)));

        assertThat(requests).hasSize(PersonMatching.MAX_SUBREQUESTS);
        long asked = requests.stream().mapToLong(r -> URLDecoder.decode(r, StandardCharsets.UTF_8)
                .split(longName, -1).length - 1).sum();
        assertThat(items.stream().filter(i -> i.deferred).count()).isPositive().isEqualTo(200 - asked);
        assertThat(items.stream().filter(i -> !i.deferred).count()).isEqualTo(asked);
        assertThat(SoqlChunks.COMPOSITE_BUDGET).isLessThan(16_384);
    }

    @Test
    void an_account_found_counts_only_with_the_name_and_website_sent_and_created_since_the_first_send() {
        OwnAccountSent personal = new OwnAccountSent("Jane Doe", null, SENT);
        OwnAccountSent business = new OwnAccountSent("Acme", "acme.com", SENT);

        assertThat(OwnAccountReconciliation.matches(found("jane doe", null, SENT.plusSeconds(1)), personal)).isTrue();
        assertThat(OwnAccountReconciliation.matches(found("Jane Doe", "", SENT), personal)).isTrue();
        assertThat(OwnAccountReconciliation.matches(found("Jane Doe", "jane.example", SENT), personal)).isFalse();
        assertThat(OwnAccountReconciliation.matches(found("Jane Roe", null, SENT), personal)).isFalse();
        assertThat(OwnAccountReconciliation.matches(found("Acme", "https://www.acme.com/", SENT), business)).isTrue();
        assertThat(OwnAccountReconciliation.matches(found("Acme", "notacme.com", SENT), business)).isFalse();
        assertThat(OwnAccountReconciliation.matches(found("Acme", null, SENT), business)).isFalse();
        // Clock skew between Salesforce and us is allowed for (15 minutes), not more.
        assertThat(OwnAccountReconciliation.matches(found("Acme", "acme.com", SENT.minusSeconds(14 * 60)), business))
                .isTrue();
        assertThat(OwnAccountReconciliation.matches(found("Acme", "acme.com", SENT.minusSeconds(16 * 60)), business))
                .isFalse();
    }

    /** The subrequests' URLs, as the composite request's JSON carries them. */
    private static List<String> urls(SObjectComposite composite) {
        JsonNode json = new ObjectMapper().valueToTree(composite);
        return StreamSupport.stream(json.path("compositeRequest").spliterator(), false)
                .map(r -> r.path("url").asText()).toList();
    }

    private static Found found(String name, String website, Instant created) {
        return new Found("001000000000009AAA", name, website, "005000000000001AAA", created);
    }

    private static OutboundBatch batch(List<OutboundBatch.Item> items) {
        return new OutboundBatch("test/claim", items);
    }

    private static OutboundBatch.Item item(long id, String company, OwnAccountSent sent, String accountId,
            CreateAs createAs) {
        PendingContact c = new PendingContact(id, "c" + id + "@gmail.com", "Jane", "Doe", null, null, company, null,
                accountId, createAs, true, true, null, Map.of(), SENT, sent);
        OutboundBatch.Item item = new OutboundBatch.Item(c, "gmail.com", true);
        item.accountId = accountId;
        return item;
    }
}
