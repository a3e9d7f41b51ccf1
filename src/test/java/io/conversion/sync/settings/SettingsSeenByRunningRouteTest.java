package io.conversion.sync.settings;

import io.conversion.sync.SyncTestSupport;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SettingsSeenByRunningRouteTest extends SyncTestSupport {

    @Autowired
    SyncSettingsService settings;

    @Autowired
    ProducerTemplate producer;

    @EndpointInject("mock:settings-probe-passed")
    MockEndpoint passed;

    @AfterEach
    void restore() {
        settings.update(withOutbound(true), "test");
        passed.reset();
    }

    @Test
    void a_running_route_sees_a_settings_change_on_the_next_message_without_restart() throws Exception {
        passed.reset();
        passed.expectedBodiesReceived("first", "third");

        producer.sendBody("direct:settings-probe", "first");
        settings.update(withOutbound(false), "test");
        producer.sendBody("direct:settings-probe", "second");
        settings.update(withOutbound(true), "test");
        producer.sendBody("direct:settings-probe", "third");

        passed.assertIsSatisfied();
    }

    private SyncSettings withOutbound(boolean enabled) {
        var s = settings.get();
        var o = s.outbound();
        return new SyncSettings(s.inbound(),
                new SyncSettings.Outbound(enabled, o.createAs(), o.linkToAccountsByDomain(), o.createAccounts()));
    }
}
