package io.conversion.sync.salesforce;

import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.internal.SalesforceSession;
import org.springframework.stereotype.Component;

/**
 * Who the sync is in Salesforce: the integration user's id, from the identity URL of camel-salesforce's login
 * ({@code https://login.salesforce.com/id/<orgId>/<userId>}). Records whose {@code CreatedById} is this user were
 * created by the sync (the integration user is the sync's own), which lets a retry tell an Account of its own lost
 * create from one a rep made with the same name. Empty until the component has logged in.
 */
@Component
public class SalesforceIdentity {

    private final CamelContext camel;

    SalesforceIdentity(CamelContext camel) {
        this.camel = camel;
    }

    /** The integration user's 18-character id, once logged in. */
    public Optional<String> userId() {
        SalesforceComponent component = camel.getComponent("salesforce", SalesforceComponent.class);
        SalesforceSession session = component == null ? null : component.getSession();
        return Optional.ofNullable(session == null ? null : session.getId()).flatMap(SalesforceIdentity::lastSegment);
    }

    /** True when both ids name the same record: Salesforce's 15- and 18-character forms share the first 15. */
    public static boolean sameId(String a, String b) {
        return a != null && b != null && a.length() >= 15 && b.length() >= 15
                && a.regionMatches(0, b, 0, 15);
    }

    static Optional<String> lastSegment(String identityUrl) {
        String url = identityUrl.endsWith("/") ? identityUrl.substring(0, identityUrl.length() - 1) : identityUrl;
        int slash = url.lastIndexOf('/');
        String id = slash < 0 ? url : url.substring(slash + 1);
        return id.length() >= 15 ? Optional.of(id) : Optional.empty();
    }
}
