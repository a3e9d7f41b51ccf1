package io.conversion.sync.contacts;

import java.text.Normalizer;

/**
 * Free-text values (names, company, title, phone, custom attributes) as Conversion stores them (README "Bad input"):
 * Unicode NFC, and no control characters. NUL and the other C0/C1 controls mean nothing in a name and are refused
 * or garbled by the systems downstream (PostgreSQL refuses NUL in text), so they are removed; a tab or line break
 * in a one-line field becomes a space, in a multi-line value (a custom text area) it is kept.
 */
public final class TextValues {

    private TextValues() {
    }

    /** The value cleaned as above; {@code null} stays {@code null}. */
    public static String clean(String value, boolean multiLine) {
        if (value == null) {
            return null;
        }
        String s = Normalizer.normalize(value, Normalizer.Form.NFC);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isISOControl(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (c == '\t' || c == '\n' || c == '\r') {
                out.append(multiLine ? c : ' ');
            }
        }
        return out == null ? s : out.toString();
    }
}
