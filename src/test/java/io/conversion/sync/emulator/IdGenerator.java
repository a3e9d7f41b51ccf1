package io.conversion.sync.emulator;

import java.util.concurrent.atomic.AtomicLong;

/** Salesforce-style record ids: 3-char key prefix, 15 case-sensitive chars, plus the 3-char case-safe checksum. */
public final class IdGenerator {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String CHECKSUM_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private final AtomicLong counter = new AtomicLong();

    /** Next 18-char id for the key prefix (e.g. 00Q). */
    public String next(String keyPrefix) {
        long n = counter.incrementAndGet() * 7919 + 1_000_003; // spread digits so checksums vary
        StringBuilder digits = new StringBuilder();
        while (n > 0) {
            digits.insert(0, BASE62.charAt((int) (n % 62)));
            n /= 62;
        }
        String body = "0".repeat(12 - digits.length()) + digits;
        return to18(keyPrefix + body.substring(body.length() - 12));
    }

    /** Appends the case-safe suffix: per 5-char chunk, bit i set when char i is an upper-case letter. */
    public static String to18(String id15) {
        if (id15.length() != 15) {
            throw new IllegalArgumentException("15-char id expected: " + id15);
        }
        StringBuilder sb = new StringBuilder(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int flags = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    flags |= 1 << i;
                }
            }
            sb.append(CHECKSUM_CHARS.charAt(flags));
        }
        return sb.toString();
    }

    /** 15 or 18-char id to its canonical 18-char form, or null if it is not an id. */
    public static String normalize(String id) {
        if (id == null || !(id.length() == 15 || id.length() == 18) || !id.chars().allMatch(Character::isLetterOrDigit)) {
            return null;
        }
        return to18(id.substring(0, 15));
    }
}
