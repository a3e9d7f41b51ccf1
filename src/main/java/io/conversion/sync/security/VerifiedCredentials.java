package io.conversion.sync.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials that passed the (deliberately slow) password-hash check a moment ago, so that a machine calling the API
 * with Basic auth on every request pays for the hash once a minute instead of on every call.
 * <p>
 * Only a salted SHA-256 digest of user and password is kept, never the password; the salt is random per process, so a
 * heap dump reveals no reusable digest. An entry remembers the stored hash it was verified against: once the password
 * changes (a new stored hash) the entry no longer matches and the slow check runs again. Failed attempts are never
 * cached, so a wrong password always takes the full check. Bounded: when full, expired entries go, then all.
 */
final class VerifiedCredentials {

    private record Entry(String username, String storedHash, Instant expiresAt) {
    }

    private final byte[] salt = new byte[32];
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    VerifiedCredentials(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
    }

    /** True if this user and password were verified against {@code storedHash} within the last TTL. */
    boolean isVerified(String username, String password, String storedHash) {
        String key = key(username, password);
        Entry entry = entries.get(key);
        if (entry == null) {
            return false;
        }
        if (!clock.instant().isBefore(entry.expiresAt()) || !entry.username().equals(username)
                || !MessageDigest.isEqual(bytes(entry.storedHash()), bytes(storedHash))) {
            entries.remove(key, entry);
            return false;
        }
        return true;
    }

    /** Remembers credentials the slow check has just accepted against {@code storedHash}. */
    void remember(String username, String password, String storedHash) {
        if (entries.size() >= maxEntries) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(key(username, password), new Entry(username, storedHash, clock.instant().plus(ttl)));
    }

    /** Forgets every verified password of this user (e.g. after a password change). */
    void invalidate(String username) {
        entries.values().removeIf(e -> e.username().equals(username));
    }

    int size() {
        return entries.size();
    }

    private String key(String username, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            byte[] user = bytes(username);
            // Length prefix: ("ab","c") and ("a","bc") must not give the same digest.
            sha.update((byte) (user.length >>> 8));
            sha.update((byte) user.length);
            sha.update(user);
            sha.update(bytes(password));
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }
}
