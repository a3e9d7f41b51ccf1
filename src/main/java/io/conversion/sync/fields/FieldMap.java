package io.conversion.sync.fields;

import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.salesforce.SyncedObject.Target;
import java.util.ArrayList;
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
 * is the source of truth, like the sync settings. Validated when loaded: the service does not start with a map it
 * cannot sync.
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
        return of(object).stream().filter(m -> m.conversionField().equals(conversionField))
                .map(FieldMapping::salesforceField).findFirst();
    }

    /**
     * Checks a whole map: every Conversion field exists on the object's target, no Salesforce field or Conversion
     * field is mapped twice within an object, and Leads and Contacts map the email (it is how a person is matched).
     *
     * @return the mappings grouped by object, in their order
     * @throws InvalidFieldMapException naming the first problem
     */
    static Map<SyncedObject, List<FieldMapping>> validate(List<FieldMapping> mappings) {
        Map<SyncedObject, List<FieldMapping>> grouped = new EnumMap<>(SyncedObject.class);
        Set<String> salesforce = new HashSet<>();
        Set<String> conversion = new HashSet<>();
        for (FieldMapping m : mappings) {
            Set<String> known = m.object().target() == Target.CONTACT ? ContactFields.NAMES : CompanyFields.NAMES;
            if (!known.contains(m.conversionField())) {
                throw new InvalidFieldMapException(m + ": Conversion " + m.object().target().name().toLowerCase()
                        + " has no field " + m.conversionField() + " (known: " + known + ")");
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
        return grouped;
    }
}
