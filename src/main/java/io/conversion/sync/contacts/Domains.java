package io.conversion.sync.contacts;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * Web domains as Conversion compares them: lower case, no scheme, no {@code www.}, no port, path, query or
 * trailing dot. {@code https://www.ACME.com:443/about?x} and {@code acme.com} are both {@code acme.com}.
 */
public final class Domains {

    private Domains() {
    }

    /** The domain of a Salesforce Account's Website, or empty when there is none usable. */
    public static Optional<String> fromWebsite(String website) {
        if (website == null) {
            return Optional.empty();
        }
        String s = website.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int at = s.lastIndexOf('@', firstOf(s, "/?#"));
        if (at >= 0) {
            s = s.substring(at + 1); // user:pass@host
        }
        int end = firstOf(s, "/?#:");
        s = s.substring(0, end);
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.startsWith("www.")) {
            s = s.substring(4);
        }
        return valid(s) ? Optional.of(toAscii(s)) : Optional.empty();
    }

    /** The domain part of an email address, normalised, or empty for an address without one. */
    public static Optional<String> fromEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        int at = email.lastIndexOf('@');
        if (at < 0 || at == email.length() - 1) {
            return Optional.empty();
        }
        return fromWebsite(email.substring(at + 1));
    }

    private static boolean valid(String host) {
        return !host.isEmpty() && host.contains(".") && !host.startsWith(".") && !host.contains("..")
                && host.chars().noneMatch(Character::isWhitespace);
    }

    private static String toAscii(String host) {
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return host;
        }
    }

    private static int firstOf(String s, String chars) {
        int min = s.length();
        for (char c : chars.toCharArray()) {
            int i = s.indexOf(c);
            if (i >= 0 && i < min) {
                min = i;
            }
        }
        return min;
    }
}
