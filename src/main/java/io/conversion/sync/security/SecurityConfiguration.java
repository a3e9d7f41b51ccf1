package io.conversion.sync.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two ways in, one operator account:
 * <ul>
 * <li><b>Machines</b> ({@code /api/**}, actuator endpoints): HTTP Basic, stateless, no CSRF, 401 without credentials,
 * exactly as before the pages existed. The pages' own JavaScript calls the same API with the login session; such a
 * call carries ambient credentials (the session cookie), so it must carry the CSRF token too.</li>
 * <li><b>People</b> (the pages, Hawtio, Jolokia): a login form, a session, CSRF on every form and fetch. The CSRF token
 * lives in the {@code XSRF-TOKEN} cookie, readable by script, because Hawtio's console reads it from there.</li>
 * </ul>
 * Health stays open for load balancers. Outside the sandbox profile the service refuses to start without a real
 * password; {@code /actuator/prometheus} is open only in the sandbox (elsewhere scrapers use Basic).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
class SecurityConfiguration {

    static final String SANDBOX_PASSWORD = "sandbox";
    /** How long a verified password is taken as verified: a password change or lock applies at once anyway. */
    static final Duration VERIFIED_TTL = Duration.ofSeconds(60);
    static final int VERIFIED_MAX_ENTRIES = 1_000;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private static final RequestMatcher CONSOLES = new OrRequestMatcher(path("/actuator/hawtio/**"),
            path("/actuator/jolokia/**"), path("/hawtio/**"), path("/jolokia/**"));
    private static final RequestMatcher MACHINES = new AndRequestMatcher(
            new OrRequestMatcher(path("/api/**"), path("/actuator/**")), new NegatedRequestMatcher(CONSOLES));

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, Environment env, AuthenticationManager logins) throws Exception {
        boolean sandbox = isSandbox(env);
        http.securityMatcher(MACHINES)
                .authenticationManager(logins)
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers(path("/actuator/health"), path("/actuator/health/**"), path("/actuator/info"))
                            .permitAll();
                    if (sandbox) {
                        auth.requestMatchers(path("/actuator/prometheus")).permitAll();
                    }
                    auth.anyRequest().authenticated();
                })
                .httpBasic(Customizer.withDefaults())
                // Never creates a session (Basic callers stay stateless), but honours the pages' login session.
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                // A refused call must not open a session to remember itself (the next call would then need CSRF).
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(r -> authenticatedBySessionCookie(r)
                                || !SAFE_METHODS.contains(r.getMethod()) && crossSite(r)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, AuthenticationManager logins) throws Exception {
        http.authenticationManager(logins)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(path("/login"), path("/css/**"), path("/js/**"), path("/favicon.svg"),
                                path("/error")).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // Scripts reaching Jolokia with Basic credentials keep working; browsers get the login page.
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens())
                        .csrfTokenRequestHandler(new CookieCsrfTokenRequestHandler())
                        .requireCsrfProtectionMatcher(r -> !SAFE_METHODS.contains(r.getMethod())
                                && (r.getHeader(HttpHeaders.AUTHORIZATION) == null || crossSite(r))));
        return http.build();
    }

    /**
     * A request a browser sent from another site: a browser attaches the Basic credentials it has cached for this
     * service to any request, also to a form another site posts (Jolokia takes a text/plain POST body as its JSON), so
     * Basic alone does not prove the operator meant it. Browsers say where a request comes from
     * ({@code Sec-Fetch-Site}, or {@code Origin} in older ones); scripts send neither and are not affected.
     */
    static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;
        }
        String own = request.getScheme() + "://" + request.getServerName()
                + (request.getServerPort() == 80 || request.getServerPort() == 443 ? "" : ":" + request.getServerPort());
        return !origin.equalsIgnoreCase(own) && !origin.equalsIgnoreCase(
                own.replace(":" + request.getServerPort(), ""));
    }

    /**
     * A state-changing call that authenticates with the session cookie (no Authorization header): the kind a foreign
     * site can make the browser send. Calls without a session cookie cannot be forged this way and are answered 401.
     */
    static boolean authenticatedBySessionCookie(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod()) && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getRequestedSessionId() != null;
    }

    private static CookieCsrfTokenRepository csrfTokens() {
        return CookieCsrfTokenRepository.withHttpOnlyFalse();
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    private static boolean isSandbox(Environment env) {
        return Arrays.asList(env.getActiveProfiles()).contains("sandbox");
    }

    /**
     * Both chains log in through this: the password hash is checked once per {@link #VERIFIED_TTL} per credentials,
     * not on every Basic request (the hash costs tens of ms of CPU by design, and machines send Basic on every call).
     */
    @Bean
    AuthenticationManager logins(UserDetailsService users) {
        var verified = new VerifiedCredentials(VERIFIED_TTL, VERIFIED_MAX_ENTRIES, Clock.systemUTC());
        return new ProviderManager(new CachingAuthenticationProvider(users, verified));
    }

    @Bean
    UserDetailsService admin(AdminProperties admin, Environment env) {
        boolean sandbox = isSandbox(env);
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
