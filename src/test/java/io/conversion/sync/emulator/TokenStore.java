package io.conversion.sync.emulator;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Issued access and refresh tokens. */
final class TokenStore {
    private final SecureRandom random = new SecureRandom();
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();

    String issueAccessToken() {
        String t = Org.ORG_ID + "!emu." + randomPart();
        valid.add(t);
        known.add(t);
        return t;
    }

    String issueRefreshToken() {
        String t = "5Aep" + randomPart();
        refreshTokens.add(t);
        return t;
    }

    private String randomPart() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    boolean isValid(String token) {
        return token != null && valid.contains(token);
    }

    boolean isRefreshToken(String token) {
        return token != null && refreshTokens.contains(token);
    }

    /** Revokes an access or refresh token; false if unknown. */
    boolean revoke(String token) {
        boolean k = known.contains(token) || refreshTokens.contains(token);
        valid.remove(token);
        refreshTokens.remove(token);
        return k;
    }

    /** Expires every access token (refresh tokens stay usable). */
    void expireAll() {
        valid.clear();
    }

    void reset() {
        valid.clear();
        known.clear();
        refreshTokens.clear();
    }

    /** Token from "Bearer x" / "OAuth x", or null. */
    static String fromAuthorization(String header) {
        if (header == null) return null;
        String h = header.trim();
        for (String p : new String[] {"Bearer ", "OAuth "}) {
            if (h.regionMatches(true, 0, p, 0, p.length())) return h.substring(p.length()).trim();
        }
        return null;
    }
}
