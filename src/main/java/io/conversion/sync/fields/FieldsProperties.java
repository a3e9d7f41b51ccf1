package io.conversion.sync.fields;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code sync.fields.*}: the field map written to the database on first start. */
@Validated
@ConfigurationProperties("sync.fields")
public record FieldsProperties(
        /** The Salesforce field <-> Conversion field pairs of a new installation. */
        @NotEmpty List<@Valid FieldMapping> defaults) {
}
