package io.conversion.sync.settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The {@code sync.*} block of application.yaml; invalid values stop the service at start-up. */
@Validated
@ConfigurationProperties("sync")
public record SyncDefaultsProperties(
        /** Settings written to the database on first start only. */
        @NotNull @Valid SyncSettings defaults,
        /** Sforce-Call-Options client name stamped on our writes, to recognise their change events as echo. */
        @NotBlank String salesforceClientName,
        /** Email domains that never match or create a domain Account (gmail.com, ...). */
        @NotEmpty List<String> personalEmailDomains) {
}
