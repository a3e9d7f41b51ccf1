package io.conversion.sync.inbound;

import io.conversion.sync.settings.SyncDefaultsProperties;
import org.springframework.stereotype.Component;

/**
 * Recognises the change events caused by our own writes to Salesforce: they carry
 * {@code changeOrigin = com/salesforce/api/<api>/<v>;client=<sync.salesforce-client-name>}.
 */
@Component("echoDetector")
public class EchoDetector {

    private final String clientName;

    EchoDetector(SyncDefaultsProperties properties) {
        this.clientName = properties.salesforceClientName();
    }

    public boolean isOwnEcho(ChangeEvent event) {
        String origin = event.changeOrigin();
        if (origin == null) {
            return false;
        }
        for (String part : origin.split(";")) {
            String p = part.trim();
            if (p.startsWith("client=") && p.substring("client=".length()).trim().equals(clientName)) {
                return true;
            }
        }
        return false;
    }
}
