package io.conversion.sync.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Username and password authentication (Basic and the login form) that asks the password encoder only when the
 * credentials were not verified a moment ago ({@link VerifiedCredentials}). The stored hash stays as strong as before;
 * what is cached is the fact that a given password matched it. The user is loaded on every request, so a disabled or
 * locked account, or a changed password, takes effect at once.
 */
final class CachingAuthenticationProvider implements AuthenticationProvider {

    private final UserDetailsService users;
    private final DaoAuthenticationProvider verifier;
    private final VerifiedCredentials verified;

    CachingAuthenticationProvider(UserDetailsService users, VerifiedCredentials verified) {
        // The delegating encoder the stored hash was made with ({bcrypt}...).
        this(users, PasswordEncoderFactories.createDelegatingPasswordEncoder(), verified);
    }

    CachingAuthenticationProvider(UserDetailsService users, PasswordEncoder encoder, VerifiedCredentials verified) {
        this.users = users;
        this.verified = verified;
        this.verifier = new DaoAuthenticationProvider(users);
        this.verifier.setPasswordEncoder(encoder);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (username != null && credentials instanceof String password) {
            UserDetails user = loadOrNull(username);
            if (user != null && usable(user) && verified.isVerified(username, password, user.getPassword())) {
                UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(
                        user, null, user.getAuthorities());
                result.setDetails(authentication.getDetails());
                return result;
            }
            Authentication result = verifier.authenticate(authentication);
            if (user != null) {
                verified.remember(username, password, user.getPassword());
            }
            return result;
        }
        return verifier.authenticate(authentication);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private UserDetails loadOrNull(String username) {
        try {
            return users.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }

    private static boolean usable(UserDetails user) {
        return user.isEnabled() && user.isAccountNonLocked() && user.isAccountNonExpired()
                && user.isCredentialsNonExpired();
    }

    /** For callers that change a password: the user's cached verifications are gone at once. */
    void passwordChanged(String username) {
        verified.invalidate(username);
    }
}
