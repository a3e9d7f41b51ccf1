package io.conversion.sync.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.salesforce.SalesforceConstants;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.component.salesforce.StreamingApiConsumer;
import org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper;
import org.apache.camel.util.ObjectHelper;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;

/**
 * camel-salesforce's CDC consumer with {@code rawPayload=true}, making the same exchange at a fraction of the cost.
 * camel-salesforce 4.17.0 writes each raw change event with a new CometD JSON context, that is a new Jackson
 * {@code ObjectMapper} per event, which introspects the message classes and builds its serializers again every time:
 * on a burst of change events that was a sixth of the service's CPU, and it kept the JIT compiling Jackson's
 * introspection while a restarted service drained its backlog. Here one mapper (thread-safe once configured) writes
 * every event; headers and body are those of {@code StreamingApiConsumer.createChangeEventMessage} in 4.17.0
 * ({@code ChangeEventStreamConsumerTest} compares the two on the same message; re-check on upgrade).
 */
final class ChangeEventStreamConsumer extends StreamingApiConsumer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Camel header -> ChangeEventHeader field, as camel-salesforce copies them. */
    private static final Map<String, String> HEADER_FIELDS = Map.ofEntries(
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_CHANGE_TYPE, "changeType"),
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_CHANGE_ORIGIN, "changeOrigin"),
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_TRANSACTION_KEY, "transactionKey"),
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_SEQUENCE_NUMBER, "sequenceNumber"),
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_IS_TRANSACTION_END, "isTransactionEnd"),
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_COMMIT_TIMESTAMP, "commitTimestamp"),
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_COMMIT_USER, "commitUser"),
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_COMMIT_NUMBER, "commitNumber"),
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_ENTITY_NAME, "entityName"),
            Map.entry(SalesforceConstants.HEADER_SALESFORCE_RECORD_IDS, "recordIds"));

    private final String eventType;

    ChangeEventStreamConsumer(SalesforceEndpoint endpoint, Processor processor, SubscriptionHelper helper) {
        super(endpoint, processor, helper);
        String topic = endpoint.getTopicName();
        this.eventType = topic.substring(topic.lastIndexOf('/') + 1);
    }

    @Override
    public void processMessage(ClientSessionChannel channel, Message message) {
        Exchange exchange = createExchange(true);
        try {
            toExchange(message, exchange.getIn());
        } catch (RuntimeException | JsonProcessingException e) {
            // As camel-salesforce does with an event it cannot turn into an exchange: the route's exception handler.
            getExceptionHandler().handleException("Error processing " + exchange, exchange, e);
            return;
        }
        AsyncCallback callback = defaultConsumerCallback(exchange, true);
        if (getExecutorService() != null) {
            getExecutorService().submit(() -> getAsyncProcessor().process(exchange, callback));
        } else {
            try {
                getAsyncProcessor().process(exchange, callback);
            } catch (Exception e) {
                getExceptionHandler().handleException("Error processing " + exchange + ": " + e, exchange, e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    void toExchange(Message message, org.apache.camel.Message in) throws JsonProcessingException {
        in.setHeader(SalesforceConstants.HEADER_SALESFORCE_CHANNEL, message.getChannel());
        if (ObjectHelper.isNotEmpty(message.getClientId())) {
            in.setHeader(SalesforceConstants.HEADER_SALESFORCE_CLIENT_ID, message.getClientId());
        }
        Map<String, Object> data = message.getDataAsMap();
        Map<String, Object> event = (Map<String, Object>) data.get("event");
        Object replayId = event.get("replayId");
        if (replayId != null) {
            in.setHeader(SalesforceConstants.HEADER_SALESFORCE_REPLAY_ID, replayId);
        }
        in.setHeader(SalesforceConstants.HEADER_SALESFORCE_CHANGE_EVENT_SCHEMA, data.get("schema"));
        in.setHeader(SalesforceConstants.HEADER_SALESFORCE_EVENT_TYPE, eventType);
        Map<String, Object> header = (Map<String, Object>) ((Map<String, Object>) data.get("payload"))
                .get("ChangeEventHeader");
        HEADER_FIELDS.forEach((name, field) -> in.setHeader(name, header.get(field)));
        in.setBody(JSON.writeValueAsString(message));
    }
}
