package io.conversion.sync.contacts;

/**
 * A Conversion company: either the company of a domain (shared by everyone at acme.com, and linked to the
 * Salesforce Account of that domain), or a standalone company that belongs to one contact.
 */
public record Company(Long id, String name, String domain, boolean standalone, String sfAccountId) {
}
