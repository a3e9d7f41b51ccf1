package io.conversion.sync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class AdminPasswordPolicyTest {

    final SecurityConfiguration config = new SecurityConfiguration();

    @Test
    void refuses_to_start_with_the_sandbox_password_outside_the_sandbox() {
        var env = new MockEnvironment();
        env.setActiveProfiles("postgres");
        assertThatThrownBy(() -> config.admin(new AdminProperties("admin", "sandbox"), env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sandbox admin password");
    }

    @Test
    void refuses_to_start_without_a_password() {
        assertThatThrownBy(() -> config.admin(new AdminProperties("admin", ""), new MockEnvironment()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SYNC_ADMIN_PASSWORD");
    }

    @Test
    void accepts_the_sandbox_password_in_the_sandbox() {
        var env = new MockEnvironment();
        env.setActiveProfiles("sandbox");
        assertThat(config.admin(new AdminProperties("admin", "sandbox"), env).loadUserByUsername("admin"))
                .isNotNull();
    }

    @Test
    void accepts_a_real_password_anywhere() {
        var user = config.admin(new AdminProperties("ops", "s3cret-from-env"), new MockEnvironment())
                .loadUserByUsername("ops");
        assertThat(user.getPassword()).doesNotContain("s3cret-from-env");
    }
}
