package io.conversion.sync.broker;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Wires {@link BrokerUsers} into Spring Boot's embedded broker and in-VM connection factory: the broker gets its
 * security manager before its init method starts it; the factory (pooled, caching or plain) logs in as the service.
 */
final class BrokerSecurityPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<BrokerUsers> users;

    BrokerSecurityPostProcessor(ObjectProvider<BrokerUsers> users) {
        this.users = users;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof EmbeddedActiveMQ broker) {
            broker.setSecurityManager(users.getObject().securityManager());
        } else if (bean instanceof JmsPoolConnectionFactory pool
                && pool.getConnectionFactory() instanceof ActiveMQConnectionFactory factory) {
            logIn(factory);
        } else if (bean instanceof CachingConnectionFactory caching
                && caching.getTargetConnectionFactory() instanceof ActiveMQConnectionFactory factory) {
            logIn(factory);
        } else if (bean instanceof ActiveMQConnectionFactory factory) {
            logIn(factory);
        }
        return bean;
    }

    private void logIn(ActiveMQConnectionFactory factory) {
        BrokerUsers u = users.getObject();
        factory.setUser(u.serviceUser());
        factory.setPassword(u.servicePassword());
    }
}
