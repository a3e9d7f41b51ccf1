package io.conversion.sync.security;

import java.util.Arrays;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic on the admin API, Hawtio and Jolokia. Health stays open for load balancers. Outside the
 * sandbox profile the service refuses to start without a real password.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
class SecurityConfiguration {

    static final String SANDBOX_PASSWORD = "sandbox";

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/api/**", "/actuator/**", "/hawtio/**", "/jolokia/**").authenticated()
                        .anyRequest().denyAll())
                .httpBasic(Customizer.withDefaults())
                // A stateless Basic-auth API for machines and operators' scripts: no cookies, hence no CSRF.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    UserDetailsService admin(AdminProperties admin, Environment env) {
        boolean sandbox = Arrays.asList(env.getActiveProfiles()).contains("sandbox");
        String password = admin.password();
        if (password == null || password.isBlank()) {
            throw new IllegalStateException(
                    "No admin password: set SYNC_ADMIN_PASSWORD (or run with the sandbox profile)");
        }
        if (!sandbox && SANDBOX_PASSWORD.equals(password)) {
            throw new IllegalStateException("Refusing to start: the sandbox admin password is only allowed with the "
                    + "sandbox profile; set SYNC_ADMIN_PASSWORD to a real secret");
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(password)).roles("ADMIN").build());
    }
}
