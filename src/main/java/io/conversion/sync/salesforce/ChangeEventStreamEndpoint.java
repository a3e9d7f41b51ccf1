package io.conversion.sync.salesforce;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.component.salesforce.internal.OperationName;

/**
 * A {@code salesforce:subscribe:/data/...ChangeEvent} endpoint with {@code rawPayload=true} whose consumer is
 * {@link ChangeEventStreamConsumer}; every other endpoint stays camel-salesforce's own.
 */
final class ChangeEventStreamEndpoint extends SalesforceEndpoint {

    private ChangeEventStreamEndpoint(SalesforceEndpoint made) {
        super(made.getEndpointUri(), made.getComponent(), made.getConfiguration(), made.getOperationName(),
                made.getTopicName());
    }

    /** Whether this endpoint, as camel-salesforce made it, is a raw change-event subscription. */
    static boolean applies(SalesforceEndpoint endpoint) {
        return endpoint.getOperationName() == OperationName.SUBSCRIBE && endpoint.getTopicName() != null
                && endpoint.getTopicName().startsWith("/data/") && endpoint.getConfiguration().isRawPayload();
    }

    /**
     * The same endpoint with this consumer: the endpoint options camel-salesforce 4.17.0 set on it from the URI are
     * carried over (its configuration object itself is shared).
     */
    static ChangeEventStreamEndpoint copyOf(SalesforceEndpoint made) {
        ChangeEventStreamEndpoint copy = new ChangeEventStreamEndpoint(made);
        copy.setReplayId(made.getReplayId());
        copy.setPubSubReplayId(made.getPubSubReplayId());
        copy.setConsumerWorkerPoolEnabled(made.isConsumerWorkerPoolEnabled());
        copy.setConsumerWorkerPoolExecutorService(made.getConsumerWorkerPoolExecutorService());
        copy.setConsumerWorkerPoolSize(made.getConsumerWorkerPoolSize());
        copy.setConsumerWorkerPoolMaxSize(made.getConsumerWorkerPoolMaxSize());
        copy.setExceptionHandler(made.getExceptionHandler());
        copy.setBridgeErrorHandler(made.isBridgeErrorHandler());
        copy.setExchangePattern(made.getExchangePattern());
        copy.setLazyStartProducer(made.isLazyStartProducer());
        copy.setAutowiredEnabled(made.isAutowiredEnabled());
        return copy;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        ChangeEventStreamConsumer consumer = new ChangeEventStreamConsumer(this, processor,
                getComponent().getSubscriptionHelper());
        consumer.setExecutorService(getConsumerWorkerPoolExecutorService());
        configureConsumer(consumer);
        return consumer;
    }
}
