package io.conversion.sync.salesforce;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An update of one Salesforce record for sObject Collections: its type, its Id and only the fields that change, by
 * their API names (standard or custom, e.g. {@code Title}, {@code Score__c}). A null value clears the field (written
 * as JSON null: camel-salesforce's null filter lets any-getter entries through).
 */
public final class SfUpdate extends SfRecord {

    private final Map<String, String> fields = new LinkedHashMap<>();

    public SfUpdate(SyncedObject object, String id) {
        super(object.sfName());
        setId(id);
    }

    public SfUpdate put(String salesforceField, String value) {
        fields.put(salesforceField, value);
        return this;
    }

    @JsonAnyGetter
    public Map<String, String> getFields() {
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public String toString() {
        return getAttributes().getType() + " " + getId() + " " + fields;
    }
}
