package io.conversion.sync.contacts;

import java.net.IDN;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email addresses as Conversion stores and matches them (README "Bad input"): Unicode NFC (an {@code e} followed by a
 * combining accent is the precomposed {@code é}), trimmed, the domain in its ASCII (punycode) form, so that
 * {@code anna@bücher.de} and {@code anna@xn--bcher-kva.de} are one address. The ASCII domain is also the form
 * Salesforce's Email field accepts (without Email Address Internationalization a Unicode domain is refused).
 */
public final class Emails {

    /** Salesforce's Email field length: a longer address can be neither stored there nor cut. */
    public static final int MAX_LENGTH = 80;

    /** Permissive on purpose: quotes and plus signs are legal in addresses (o'brien@x.com, jane+tag@x.com). */
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>()\\[\\],;:\"]+@[^\\s@<>()\\[\\],;:\"]+");

    private Emails() {
    }

    /** NFC, trimmed, domain in ASCII; {@code null} stays {@code null}. Case is kept (see {@link #key}). */
    public static String normalize(String email) {
        if (email == null) {
            return null;
        }
        String stripped = email.strip();
        boolean ascii = isAscii(stripped);
        String s = ascii ? stripped : Normalizer.normalize(stripped, Normalizer.Form.NFC); // ASCII is NFC
        int at = s.lastIndexOf('@');
        if (at < 0 || at == s.length() - 1) {
            return s;
        }
        if (ascii && plainAsciiDomain(s, at + 1)) {
            return s; // what IDN.toASCII returns for it, without its cost (an import normalises a million)
        }
        try {
            return s.substring(0, at + 1) + IDN.toASCII(s.substring(at + 1), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException notADomain) {
            return s; // refused by invalidReason
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** An ASCII domain IDN.toASCII leaves as it is: no empty label but a trailing one, no label over 63. */
    private static boolean plainAsciiDomain(String s, int from) {
        int label = 0;
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '.') {
                if (label == 0) {
                    return false;
                }
                label = 0;
            } else if (++label > 63) {
                return false;
            }
        }
        return true;
    }

    /**
     * The forms a Salesforce org may hold this (normalised) address in: as stored, and with its domain in Unicode
     * when it has one (an org with Email Address Internationalization keeps {@code anna@bücher.de} as typed).
     */
    public static List<String> forms(String email) {
        int at = email.lastIndexOf('@');
        String unicode = at < 0 ? email
                : email.substring(0, at + 1) + IDN.toUnicode(email.substring(at + 1), IDN.ALLOW_UNASSIGNED);
        return unicode.equals(email) ? List.of(email) : List.of(email, unicode);
    }

    /** The unique key of contacts: the normalised address, lower case. */
    public static String key(String email) {
        return email == null ? null : normalize(email).toLowerCase(Locale.ROOT);
    }

    /** Why this (normalised) address cannot be a contact's email, or empty when it can. */
    public static Optional<String> invalidReason(String email) {
        if (email == null || email.isBlank()) {
            return Optional.of("email is required");
        }
        for (int i = 0; i < email.length(); i++) {
            if (Character.isISOControl(email.charAt(i))) {
                return Optional.of(String.format("invalid email: contains the control character U+%04X",
                        (int) email.charAt(i)));
            }
        }
        if (email.length() > MAX_LENGTH) {
            return Optional.of("invalid email: " + email.length() + " characters, Salesforce takes at most "
                    + MAX_LENGTH);
        }
        if (!EMAIL.matcher(email).matches() || email.indexOf('@') > 64 || Domains.fromEmail(email).isEmpty()) {
            return Optional.of("invalid email: " + email);
        }
        return Optional.empty();
    }
}
