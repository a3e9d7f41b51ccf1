package io.conversion.sync.broker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded broker ({@code sync.broker.*}): its network acceptor and the users of other processes. The service's
 * own user is {@code spring.artemis.user}/{@code password}, the one it also uses for an external broker.
 */
@Validated
@ConfigurationProperties("sync.broker")
record BrokerProperties(
        /** Interface to listen on; localhost keeps the sandbox broker private to this machine. */
        @NotBlank String host,
        /** One port for CORE (JMS), AMQP 1.0 and STOMP clients. */
        @Min(1) @Max(65535) int port,
        /** Conversion's producers of new contacts and updates: may only send to the intake queues. */
        @Valid @NotNull Credentials producer,
        /** Conversion's workflow engine: may only subscribe to the workflow-trigger topic (no user without a password). */
        @Valid @NotNull Credentials triggersConsumer,
        /** TLS on the acceptor, on when a key store is given. */
        @Valid @NotNull Tls tls,
        /** The largest message the broker takes from a producer (Artemis' size: a JMS text body counts twice). */
        @Min(1024) long maxMessageBytes) {

    /** A broker login; the password comes from the environment and is never printed. */
    record Credentials(@NotBlank String username, String password) {

        boolean hasPassword() {
            return password != null && !password.isBlank();
        }

        @Override
        public String toString() {
            return username + (hasPassword() ? " (password set)" : " (no password)");
        }
    }

    /** A PKCS12 or JKS key store with the acceptor's certificate and key. */
    record Tls(String keyStore, String keyStorePassword) {

        boolean enabled() {
            return keyStore != null && !keyStore.isBlank();
        }

        @Override
        public String toString() {
            return enabled() ? "TLS with key store " + keyStore : "no TLS";
        }
    }
}
