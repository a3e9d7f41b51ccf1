package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import org.junit.jupiter.api.Test;

class ChangeEventParserTest {

    private final ChangeEventParser parser = new ChangeEventParser(new ObjectMapper());

    @Test
    void reads_the_header_and_flattens_the_compound_name() {
        ChangeEvent e = parser.parse("""
                {"channel":"/data/LeadChangeEvent","data":{"schema":"s","event":{"replayId":17},
                 "payload":{"ChangeEventHeader":{"entityName":"Lead","recordIds":["00Q000000000001AAA"],
                   "changeType":"UPDATE","changeOrigin":"com/salesforce/api/rest/56.0;client=lead-sync",
                   "transactionKey":"tx-1","sequenceNumber":2,"commitTimestamp":1764300000000,"commitNumber":1000017,
                   "commitUser":"005000000000001AAA","changedFields":["Name.LastName","Title","LastModifiedDate"]},
                  "Name":{"FirstName":"Ada","LastName":"Doe"},"Title":null,"Company":"Acme"}}}""");

        assertThat(e.channel()).isEqualTo("/data/LeadChangeEvent");
        assertThat(e.replayId()).isEqualTo(17);
        assertThat(e.entity()).isEqualTo("Lead");
        assertThat(e.changeType()).isEqualTo(ChangeType.UPDATE);
        assertThat(e.recordIds()).containsExactly("00Q000000000001AAA");
        assertThat(e.commitTimestamp()).isEqualTo(1764300000000L);
        assertThat(e.sequenceNumber()).isEqualTo(2);
        assertThat(e.changedFields()).containsExactly("LastName", "Title", "LastModifiedDate");
        assertThat(e.fields()).containsEntry("FirstName", "Ada").containsEntry("LastName", "Doe")
                .containsEntry("Company", "Acme").containsKey("Title").doesNotContainKey("Name");
        assertThat(e.isGap()).isFalse();
    }

    @Test
    void keeps_the_plain_name_of_an_account_and_reads_gap_events_without_fields() {
        ChangeEvent account = parser.parse("""
                {"channel":"/data/AccountChangeEvent","data":{"event":{"replayId":3},"payload":{
                 "ChangeEventHeader":{"entityName":"Account","recordIds":["001000000000001AAA"],"changeType":"CREATE",
                 "commitTimestamp":1,"changedFields":[]},"Name":"Acme"}}}""");
        assertThat(account.fields()).containsEntry("Name", "Acme");

        ChangeEvent gap = parser.parse("""
                {"channel":"/data/ContactChangeEvent","data":{"event":{"replayId":4},"payload":{
                 "ChangeEventHeader":{"entityName":"Contact","recordIds":[],"changeType":"GAP_OVERFLOW",
                 "commitTimestamp":1}}}}""");
        assertThat(gap.isGap()).isTrue();
        assertThat(gap.recordIds()).isEmpty();
        assertThat(gap.changedFields()).isEmpty();
    }

    @Test
    void rejects_a_message_that_is_not_a_change_event() {
        assertThatThrownBy(() -> parser.parse("{\"channel\":\"/data/LeadChangeEvent\",\"data\":{}}"))
                .isInstanceOf(InvalidChangeEventException.class);
        assertThatThrownBy(() -> parser.parse("""
                {"channel":"/data/LeadChangeEvent","data":{"event":{"replayId":4},"payload":{
                 "ChangeEventHeader":{"entityName":"Lead","changeType":"MERGE"}}}}"""))
                .isInstanceOf(InvalidChangeEventException.class);
    }
}
