package io.conversion.sync.broker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The network acceptor of the embedded broker ({@code sync.broker.*}). */
@Validated
@ConfigurationProperties("sync.broker")
record BrokerProperties(
        /** Interface to listen on; localhost keeps the sandbox broker private to this machine. */
        @NotBlank String host,
        /** One port for CORE (JMS), AMQP 1.0 and STOMP clients. */
        @Min(1) @Max(65535) int port) {
}
