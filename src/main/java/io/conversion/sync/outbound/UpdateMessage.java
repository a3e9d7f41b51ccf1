package io.conversion.sync.outbound;

import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.Map;

/**
 * A Conversion update of one contact or company, as published on {@code conversion.contacts.updated} /
 * {@code conversion.companies.updated} (and by {@code PATCH /api/contacts/{id}}, {@code PATCH /api/companies/{id}}).
 *
 * @param id        the Conversion id, or null when the record is named by {@code email} (contacts only)
 * @param changes   Conversion field → new value (null clears); custom attributes as {@code attributes.<name>}
 * @param changedAt when the change was made in Conversion (epoch ms; the time of receipt when not given)
 */
public record UpdateMessage(Target target, Long id, String email, Map<String, String> changes, long changedAt) {
}
