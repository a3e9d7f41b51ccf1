package io.conversion.sync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conversion.sync.emulator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The password hash is checked once per minute per credentials; everything else behaves as without the cache. */
class CachingAuthenticationProviderTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    final CountingEncoder encoder = new CountingEncoder();
    final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
            User.withUsername("ops").password(encoder.encode("right")).roles("ADMIN").build());
    final VerifiedCredentials verified = new VerifiedCredentials(Duration.ofSeconds(60), 3, clock);
    final CachingAuthenticationProvider provider = new CachingAuthenticationProvider(users, encoder, verified);

    @Test
    void the_right_password_is_hashed_once_then_accepted_from_the_cache_with_the_users_roles() {
        var first = provider.authenticate(login("ops", "right"));
        var second = provider.authenticate(login("ops", "right"));

        assertThat(encoder.matches.get()).isEqualTo(1);
        assertThat(second.isAuthenticated()).isTrue();
        assertThat(second.getName()).isEqualTo("ops");
        assertThat(second.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
        assertThat(first.getAuthorities()).isEqualTo(second.getAuthorities());
    }

    @Test
    void a_wrong_password_is_refused_after_the_right_one_was_cached_and_is_never_cached() {
        provider.authenticate(login("ops", "right"));

        assertThatThrownBy(() -> provider.authenticate(login("ops", "wrong"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> provider.authenticate(login("ops", "wrong"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> provider.authenticate(login("ops", "righ"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> provider.authenticate(login("nobody", "right")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(encoder.matches.get()).as("every wrong attempt takes the full check").isGreaterThanOrEqualTo(4);
    }

    @Test
    void a_verification_expires_after_the_ttl_and_the_hash_is_checked_again() {
        provider.authenticate(login("ops", "right"));
        clock.advance(Duration.ofSeconds(59));
        provider.authenticate(login("ops", "right"));
        assertThat(encoder.matches.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        provider.authenticate(login("ops", "right"));
        assertThat(encoder.matches.get()).isEqualTo(2);
    }

    @Test
    void after_a_password_change_the_old_password_is_refused_at_once() {
        provider.authenticate(login("ops", "right"));
        users.updateUser(User.withUsername("ops").password(encoder.encode("new-one")).roles("ADMIN").build());

        assertThatThrownBy(() -> provider.authenticate(login("ops", "right"))).isInstanceOf(BadCredentialsException.class);
        assertThat(provider.authenticate(login("ops", "new-one")).isAuthenticated()).isTrue();
    }

    @Test
    void a_disabled_user_is_refused_although_its_password_was_cached() {
        provider.authenticate(login("ops", "right"));
        users.updateUser(User.withUserDetails(users.loadUserByUsername("ops")).disabled(true).build());

        assertThatThrownBy(() -> provider.authenticate(login("ops", "right"))).isInstanceOf(DisabledException.class);
    }

    @Test
    void invalidating_a_user_forgets_its_verifications() {
        provider.authenticate(login("ops", "right"));
        provider.passwordChanged("ops");
        provider.authenticate(login("ops", "right"));

        assertThat(encoder.matches.get()).isEqualTo(2);
    }

    @Test
    void the_cache_stays_within_its_bound() {
        for (int i = 0; i < 10; i++) {
            verified.remember("user" + i, "pw", "{noop}hash");
        }
        assertThat(verified.size()).isLessThanOrEqualTo(3);
        assertThat(verified.isVerified("user9", "pw", "{noop}hash")).isTrue();
        assertThat(verified.isVerified("user9", "other", "{noop}hash")).isFalse();
    }

    private static UsernamePasswordAuthenticationToken login(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    /** The real delegating encoder (bcrypt), counting how often a password is checked against a hash. */
    static final class CountingEncoder implements PasswordEncoder {
        final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        final AtomicInteger matches = new AtomicInteger();

        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            matches.incrementAndGet();
            return real.matches(raw, encoded);
        }
    }
}
