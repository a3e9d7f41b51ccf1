package io.conversion.sync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.component.salesforce.StreamingApiConsumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ExceptionHandler;
import org.cometd.common.HashMapMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ChangeEventStreamConsumer} against camel-salesforce's own consumer on the same CometD message: the route
 * must see the same exchange (a camel-salesforce upgrade that changes what it sends fails here).
 */
class ChangeEventStreamConsumerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW_LEADS = "subscribe:/data/LeadChangeEvent?rawPayload=true&replayId=-2"
            + "&exceptionHandler=#streamErrors";

    private DefaultCamelContext camel;
    private final List<Exception> streamErrors = new ArrayList<>();

    @BeforeEach
    void camel() {
        camel = new DefaultCamelContext();
        camel.addComponent("camelsf", new SalesforceComponent());
        camel.addComponent("oursf", new StartTolerantSalesforceComponent());
        camel.getRegistry().bind("streamErrors", (ExceptionHandler) new ExceptionHandler() {
            @Override
            public void handleException(Throwable exception) {
                streamErrors.add((Exception) exception);
            }

            @Override
            public void handleException(String message, Throwable exception) {
                handleException(exception);
            }

            @Override
            public void handleException(String message, Exchange exchange, Throwable exception) {
                handleException(exception);
            }
        });
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void a_raw_change_event_reaches_the_route_with_the_headers_and_body_camel_salesforce_gives_it() throws Exception {
        HashMapMessage message = leadCreated();

        Map<String, Object> theirs = delivered(camel.getEndpoint("camelsf:" + RAW_LEADS), message);
        Map<String, Object> ours = delivered(camel.getEndpoint("oursf:" + RAW_LEADS), message);

        assertThat(ours.get("consumer")).isEqualTo(ChangeEventStreamConsumer.class);
        assertThat(theirs.get("consumer")).isEqualTo(StreamingApiConsumer.class);
        assertThat(ours.get("headers")).isEqualTo(theirs.get("headers"));
        assertThat(JSON.readTree((String) ours.get("body"))).isEqualTo(JSON.readTree((String) theirs.get("body")));
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) ours.get("headers");
        assertThat(headers).containsEntry("CamelSalesforceEntityName", "Lead")
                .containsEntry("CamelSalesforceReplayId", 42L).containsEntry("CamelSalesforceEventType", "LeadChangeEvent")
                .containsEntry("CamelSalesforceClientId", "client-1");
        assertThat(JSON.readTree((String) ours.get("body")).at("/data/payload/ChangeEventHeader/changedFields/0")
                .asText()).as("the raw message keeps changedFields").isEqualTo("Email");
    }

    @Test
    void the_subscription_keeps_the_options_of_its_uri() throws Exception {
        Endpoint endpoint = camel.getEndpoint("oursf:subscribe:/data/LeadChangeEvent?rawPayload=true&replayId=17"
                + "&fallBackReplayId=-2&exceptionHandler=#streamErrors");

        assertThat(endpoint).isInstanceOf(ChangeEventStreamEndpoint.class);
        SalesforceEndpoint sf = (SalesforceEndpoint) endpoint;
        assertThat(sf.getReplayId()).isEqualTo(17L);
        assertThat(sf.getConfiguration().getFallBackReplayId()).isEqualTo(-2L);
        assertThat(sf.getTopicName()).isEqualTo("/data/LeadChangeEvent");
        Consumer consumer = sf.createConsumer(exchange -> { });
        assertThat(((StreamingApiConsumer) consumer).getExceptionHandler())
                .isSameAs(camel.getRegistry().lookupByName("streamErrors"));
    }

    @Test
    void other_salesforce_endpoints_stay_camel_salesforces_own() throws Exception {
        assertThat(camel.getEndpoint("oursf:subscribe:/data/LeadChangeEvent?replayId=-2"))
                .as("not raw: camel-salesforce's typed body").isNotInstanceOf(ChangeEventStreamEndpoint.class);
        assertThat(camel.getEndpoint("oursf:subscribe:/event/Order_Event__e?rawPayload=true"))
                .as("a platform event").isNotInstanceOf(ChangeEventStreamEndpoint.class);
        assertThat(camel.getEndpoint("oursf:query?rawPayload=true")).isNotInstanceOf(ChangeEventStreamEndpoint.class);
    }

    @Test
    void a_message_that_is_no_change_event_goes_to_the_exception_handler_and_not_to_the_route() throws Exception {
        HashMapMessage broken = leadCreated();
        broken.getDataAsMap().remove("event");
        List<Exchange> routed = new ArrayList<>();
        SalesforceEndpoint endpoint = (SalesforceEndpoint) camel.getEndpoint("oursf:" + RAW_LEADS);
        StreamingApiConsumer consumer = (StreamingApiConsumer) endpoint.createConsumer(routed::add);

        consumer.processMessage(null, broken);

        assertThat(routed).isEmpty();
        assertThat(streamErrors).hasSize(1);
    }

    /** What the route's first processor receives from this endpoint's consumer. */
    private static Map<String, Object> delivered(Endpoint endpoint, HashMapMessage message) throws Exception {
        Map<String, Object> seen = new HashMap<>();
        StreamingApiConsumer consumer = (StreamingApiConsumer) endpoint.createConsumer(exchange -> {
            seen.put("headers", new HashMap<>(exchange.getIn().getHeaders()));
            seen.put("body", exchange.getIn().getBody());
        });
        seen.put("consumer", consumer.getClass());
        consumer.processMessage(null, message);
        return seen;
    }

    /** A Lead create as Salesforce (and the emulator) delivers it over CometD. */
    private static HashMapMessage leadCreated() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("entityName", "Lead");
        header.put("recordIds", List.of("00Q000000000001AAA"));
        header.put("changeType", "CREATE");
        header.put("changeOrigin", "com/salesforce/api/rest/60.0;client=someone-else");
        header.put("transactionKey", "0001-abc");
        header.put("sequenceNumber", 1);
        header.put("commitTimestamp", 1_764_600_000_000L);
        header.put("commitNumber", 11_000_000_001L);
        header.put("commitUser", "005000000000001AAA");
        header.put("isTransactionEnd", true);
        header.put("changedFields", List.of("Email", "LastName"));
        header.put("nulledFields", List.of());
        header.put("diffFields", List.of());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ChangeEventHeader", header);
        payload.put("Email", "ada@example.com");
        payload.put("LastName", "Lovelace");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("schema", "schema-1");
        data.put("payload", payload);
        data.put("event", new LinkedHashMap<>(Map.of("replayId", 42L)));
        HashMapMessage message = new HashMapMessage();
        message.setChannel("/data/LeadChangeEvent");
        message.setClientId("client-1");
        message.setData(data);
        return message;
    }
}
