package io.conversion.sync.fields;

import io.conversion.sync.salesforce.SyncedObject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * One synced field: a Salesforce field of a synced object and the Conversion field it is kept in sync with. The
 * Conversion field is a name ({@code email}, {@code title}, {@code domain}), read and written through
 * {@link ContactFields} / {@link CompanyFields}, so that a mapping is data and never a Java getter of its own.
 */
public record FieldMapping(@NotNull SyncedObject object, @NotBlank String salesforceField,
        @NotBlank String conversionField) {

    @Override
    public String toString() {
        return object + "." + salesforceField + " <-> " + conversionField;
    }
}
