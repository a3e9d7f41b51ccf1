package io.conversion.sync.fields;

import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which Salesforce field of each synced object is kept in sync with which Conversion field. Written to
 * {@code field_mapping} from {@code sync.fields.defaults} on first start (an empty table); afterwards the database
 * is the source of truth, like the sync settings, changed through {@link #replace} / {@link #put} (the field settings
 * API). Validated when loaded: the service does not start with a map it cannot sync. The inbound writer thread reads
 * it while the API changes it: readers see one immutable snapshot, swapped whole.
 */
@Service("fieldMap")
@EnableConfigurationProperties(FieldsProperties.class)
public class FieldMap implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(FieldMap.class);

    private final FieldMappingRepository repository;
    private final FieldsProperties properties;
    private final TransactionTemplate tx;
    private volatile Map<SyncedObject, List<FieldMapping>> byObject = Map.of();

    FieldMap(FieldMappingRepository repository, FieldsProperties properties, TransactionTemplate tx) {
        this.repository = repository;
        this.properties = properties;
        this.tx = tx;
    }

    @Override
    public void afterPropertiesSet() {
        List<FieldMapping> loaded = tx.execute(status -> {
            List<FieldMapping> stored = repository.findAll();
            if (!stored.isEmpty()) {
                return stored;
            }
            validate(properties.defaults());
            repository.insertAll(properties.defaults(), "application.yaml");
            LOG.info("Field map initialised from application.yaml: {}", properties.defaults());
            return properties.defaults();
        });
        byObject = validate(loaded);
    }

    /** The mapped fields of one object, in their stored order. */
    public List<FieldMapping> of(SyncedObject object) {
        return byObject.getOrDefault(object, List.of());
    }

    /** The Salesforce fields of one object that the map syncs. */
    public List<String> salesforceFields(SyncedObject object) {
        return of(object).stream().map(FieldMapping::salesforceField).toList();
    }

    /** The Salesforce field mapped to a Conversion field of the object, if any. */
    public Optional<String> salesforceField(SyncedObject object, String conversionField) {
        return mapping(object, conversionField).map(FieldMapping::salesforceField);
    }

    /** The mapping of a Conversion field of the object, if the field is mapped. */
    public Optional<FieldMapping> mapping(SyncedObject object, String conversionField) {
        return of(object).stream().filter(m -> m.conversionField().equals(conversionField)).findFirst();
    }

    /** Every mapping, by object (Lead, Contact, Account) and then in stored order. */
    public List<FieldMapping> all() {
        Map<SyncedObject, List<FieldMapping>> current = byObject;
        return current.values().stream().flatMap(List::stream).toList();
    }

    /** The changes of the map, newest first. */
    public List<FieldMappingRepository.Change> history(int limit) {
        return repository.history(limit);
    }

    /**
     * Replaces the whole map (validated first; stored with a history row per changed mapping) and swaps the
     * snapshot the sync reads: changes from then on use it, nothing is re-evaluated.
     *
     * @throws InvalidFieldMapException naming the first problem; nothing is changed then
     */
    public synchronized void replace(List<FieldMapping> mappings, String by) {
        Map<SyncedObject, List<FieldMapping>> validated = validate(mappings);
        List<FieldMapping> before = all();
        tx.executeWithoutResult(status -> repository.replaceAll(before, mappings, by));
        byObject = validated;
        LOG.info("Field map changed by {}: {}", by, mappings);
    }

    /** Adds the mapping, or changes the mapping of its object's Salesforce field (see {@link #replace}). */
    public synchronized void put(FieldMapping mapping, String by) {
        List<FieldMapping> next = new ArrayList<>();
        boolean replaced = false;
        for (FieldMapping m : all()) {
            if (m.object() == mapping.object() && m.salesforceField().equalsIgnoreCase(mapping.salesforceField())) {
                next.add(mapping);
                replaced = true;
            } else {
                next.add(m);
            }
        }
        if (!replaced) {
            next.add(mapping);
        }
        replace(next, by);
    }

    /**
     * Checks a whole map: every Conversion field exists on the object's target, no Salesforce field or Conversion
     * field is mapped twice within an object, the email is synced, and Leads and Contacts map the email (it is how a person is matched).
     *
     * @return the mappings grouped by object, in their order
     * @throws InvalidFieldMapException naming the first problem
     */
    static Map<SyncedObject, List<FieldMapping>> validate(List<FieldMapping> mappings) {
        Map<SyncedObject, List<FieldMapping>> grouped = new EnumMap<>(SyncedObject.class);
        Set<String> salesforce = new HashSet<>();
        Set<String> conversion = new HashSet<>();
        for (FieldMapping m : mappings) {
            boolean contact = m.object().target() == Target.CONTACT;
            if (!(contact ? ContactFields.isKnown(m.conversionField()) : CompanyFields.isKnown(m.conversionField()))) {
                Set<String> known = contact ? ContactFields.NAMES : CompanyFields.NAMES;
                throw new InvalidFieldMapException(m + ": Conversion " + m.object().target().name().toLowerCase()
                        + " has no field " + m.conversionField() + " (known: " + known
                        + ", or attributes.<name> for a custom attribute)");
            }
            if (contact && ContactFields.EMAIL.equals(m.conversionField()) && m.mode() == SyncMode.DO_NOT_SYNC) {
                throw new InvalidFieldMapException(m + ": the email is how a person is matched; it cannot be "
                        + SyncMode.DO_NOT_SYNC);
            }
            if (!salesforce.add(m.object() + "." + m.salesforceField().toLowerCase())) {
                throw new InvalidFieldMapException(m + ": " + m.object() + "." + m.salesforceField()
                        + " is mapped twice");
            }
            if (!conversion.add(m.object() + "." + m.conversionField())) {
                throw new InvalidFieldMapException(m + ": two Salesforce fields of " + m.object() + " map to "
                        + m.conversionField());
            }
            grouped.computeIfAbsent(m.object(), o -> new ArrayList<>()).add(m);
        }
        for (SyncedObject o : SyncedObject.values()) {
            if (o.isPerson() && !conversion.contains(o + "." + ContactFields.EMAIL)) {
                throw new InvalidFieldMapException(o + " maps no Salesforce field to email: its records could not "
                        + "be matched to Conversion contacts");
            }
        }
        grouped.replaceAll((o, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(grouped);
    }
}
