package io.conversion.sync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.SyncTestSupport;
import io.conversion.sync.salesforce.SyncedObject;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.IdAware;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The three inbound routes come from one route template, with the ids and descriptions Hawtio shows. */
class InboundRouteTemplateTest extends SyncTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void each_synced_object_has_its_route_with_its_channel_description_policy_and_node_ids() {
        for (SyncedObject object : SyncedObject.values()) {
            String prefix = object.sfName().toLowerCase(Locale.ROOT);
            String routeId = "inbound-" + prefix + "s";
            var route = camel.getRoute(routeId);
            assertThat(route).as(routeId).isNotNull();
            assertThat(route.getDescription())
                    .isEqualTo(object.sfName() + " change events from Salesforce to Conversion");
            assertThat(route.getEndpoint().getEndpointUri()).contains(object.channel());
            assertThat(((ModelCamelContext) camel).getRouteDefinition(routeId).getRoutePolicyRef())
                    .isEqualTo("inboundStreamPolicy");
            List<String> runtimeIds = route.filter(prefix + "-*").stream().map(p -> ((IdAware) p).getId()).toList();
            assertThat(runtimeIds).as("processor ids of %s", routeId).containsExactlyInAnyOrder(
                    prefix + "-parse-change-event", prefix + "-check-toggle", prefix + "-decide-change",
                    prefix + "-skip-object-paused", prefix + "-skip-own-echo", prefix + "-reread-gap",
                    prefix + "-apply-change");
        }
    }
}
