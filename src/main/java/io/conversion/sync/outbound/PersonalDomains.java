package io.conversion.sync.outbound;

import io.conversion.sync.settings.SyncDefaultsProperties;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Mailbox providers (sync.personal-email-domains): their domains never match or create a domain Account. */
@Component
public class PersonalDomains {

    private final Set<String> domains;

    PersonalDomains(SyncDefaultsProperties properties) {
        this.domains = properties.personalEmailDomains().stream()
                .map(d -> d.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean isPersonal(String domain) {
        return domain != null && domains.contains(domain.toLowerCase(Locale.ROOT));
    }
}
