package io.conversion.sync.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Credentials of the operator for /api/**, Hawtio and Jolokia ({@code sync.admin.*}, from the environment). */
@Validated
@ConfigurationProperties("sync.admin")
record AdminProperties(@NotBlank String username, String password) {
}
