package io.conversion.sync.fields;

import io.conversion.sync.salesforce.SyncedObject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * One synced field: a Salesforce field of a synced object, the Conversion field it is kept in sync with, and how
 * ({@link SyncMode}; {@link SyncMode#PREFER_SALESFORCE_UNLESS_EMPTY} when not given). The Conversion field is a name
 * ({@code email}, {@code title}, {@code domain}, or {@code attributes.score} for a custom attribute), read and written
 * through {@link ContactFields} / {@link CompanyFields}, so that a mapping is data and never a Java getter of its own.
 */
public record FieldMapping(@NotNull SyncedObject object, @NotBlank String salesforceField,
        @NotBlank String conversionField, SyncMode mode) {

    @ConstructorBinding
    public FieldMapping {
        mode = mode == null ? SyncMode.PREFER_SALESFORCE_UNLESS_EMPTY : mode;
    }

    /** A mapping with the default mode. */
    public FieldMapping(SyncedObject object, String salesforceField, String conversionField) {
        this(object, salesforceField, conversionField, null);
    }

    /** The same mapping with another mode. */
    public FieldMapping withMode(SyncMode newMode) {
        return new FieldMapping(object, salesforceField, conversionField, newMode);
    }

    @Override
    public String toString() {
        return object + "." + salesforceField + " <-> " + conversionField + " (" + mode + ")";
    }
}
