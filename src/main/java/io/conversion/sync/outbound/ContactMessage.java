package io.conversion.sync.outbound;

/**
 * A new Conversion contact as published on {@code conversion.contacts.created} (and accepted by
 * {@code POST /api/contacts}). Only {@code email} is required.
 *
 * @param source FORM, IMPORT or API
 * @param skipInitialSync store only; sync later on demand ({@code POST /api/contacts/{id}/sync})
 */
public record ContactMessage(String email, String firstName, String lastName, String company, String title,
        String phone, String source, boolean skipInitialSync) {
}
