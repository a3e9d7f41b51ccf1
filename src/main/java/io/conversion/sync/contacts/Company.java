package io.conversion.sync.contacts;

import java.util.Map;

/**
 * A Conversion company: either the company of a domain (shared by everyone at acme.com, and linked to the
 * Salesforce Account of that domain), or a standalone company that belongs to one contact. {@code attributes}: its
 * custom attributes (mapped from Account custom fields such as Industry), never null.
 */
public record Company(Long id, String name, String domain, boolean standalone, String sfAccountId,
        Map<String, String> attributes) {

    public Company {
        attributes = Attributes.copy(attributes);
    }

    /** A company without custom attributes. */
    public Company(Long id, String name, String domain, boolean standalone, String sfAccountId) {
        this(id, name, domain, standalone, sfAccountId, Map.of());
    }
}
