package io.conversion.sync.outbound;

import io.conversion.sync.contacts.Attributes;
import java.util.Map;

/**
 * A new Conversion contact as published on {@code conversion.contacts.created} (and accepted by
 * {@code POST /api/contacts}). Only {@code email} is required.
 *
 * @param source FORM, IMPORT or API
 * @param skipInitialSync store only; sync later on demand ({@code POST /api/contacts/{id}/sync})
 * @param attributes custom attributes by name ({@code {"score": "42"}}), synced with the Salesforce custom fields
 *     the field map maps them to ({@code attributes.score <-> Score__c})
 */
public record ContactMessage(String email, String firstName, String lastName, String company, String title,
        String phone, String source, boolean skipInitialSync, Map<String, String> attributes) {

    public ContactMessage {
        attributes = Attributes.copy(attributes);
    }

    /** A message without custom attributes. */
    public ContactMessage(String email, String firstName, String lastName, String company, String title,
            String phone, String source, boolean skipInitialSync) {
        this(email, firstName, lastName, company, title, phone, source, skipInitialSync, Map.of());
    }
}
