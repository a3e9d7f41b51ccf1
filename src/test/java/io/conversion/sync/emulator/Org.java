package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conversion.sync.emulator.SObjectType.Field;
import io.conversion.sync.emulator.SObjectType.FieldType;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The in-memory org: records, validation, recycle bin, lead conversion and CDC event generation. Every change runs in a
 * {@link Txn} under one org lock; at commit the transaction's change events are published with one transactionKey.
 * Java methods without an origin act as a UI user (changeOrigin "").
 */
public final class Org {
    public static final String ORG_ID = IdGenerator.to18("00D000000000001");
    /** The API user: the one the OAuth flows log in (the token's {@code id} URL ends in it); REST writes are made by it. */
    public static final String USER_ID = IdGenerator.to18("005000000000001");
    /**
     * The Salesforce user who works in the UI: records made through the Java API and the control API ({@code
     * changeOrigin} "") are created and owned by this user, as a rep's records are by the rep, not by the integration.
     */
    public static final String UI_USER_ID = IdGenerator.to18("005000000000002");
    public static final String UI_ORIGIN = "";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final List<String> GAP_TYPES = List.of("GAP_CREATE", "GAP_UPDATE", "GAP_DELETE", "GAP_UNDELETE", "GAP_OVERFLOW");
    private static final Set<String> NOT_IN_EVENTS = Set.of("Id", "IsDeleted", "SystemModstamp", "Name");

    private final Map<String, SObjectType> types = SObjectType.standardTypes();
    private final SObjectStore store = new SObjectStore();
    private final IdGenerator ids = new IdGenerator();
    private final ChangeEventBus bus;
    private final Clock clock;
    private final Object lock = new Object();
    private long commitNumber = 1_000_000;
    private final Set<String> duplicateEmails = new CopyOnWriteArraySet<>();
    private volatile Pattern validationPattern;
    /** Setup → Email Address Internationalization; off, as in a new org: Email fields take ASCII addresses only. */
    private volatile boolean emailAddressInternationalization;
    private volatile String validationMessage;

    Org(ChangeEventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    public ChangeEventBus events() { return bus; }

    /** Type by case-insensitive name, or null. */
    public SObjectType type(String name) {
        return name == null ? null : types.get(name.toLowerCase(Locale.ROOT));
    }

    /** The emulated types (Lead, Contact, Account). */
    public java.util.Collection<SObjectType> types() {
        return types.values();
    }

    SObjectType requireType(String name) {
        SObjectType t = type(name);
        if (t == null) throw ApiException.notFound();
        return t;
    }

    // ---------------------------------------------------------------- UI-user Java API

    public String create(String type, Map<String, ?> fields) {
        return inTransaction(UI_ORIGIN, tx -> tx.insert(type, fields));
    }

    public void update(String type, String id, Map<String, ?> fields) {
        inTransaction(UI_ORIGIN, tx -> { tx.update(type, id, fields); return null; });
    }

    public void delete(String type, String id) {
        inTransaction(UI_ORIGIN, tx -> { tx.delete(type, id); return null; });
    }

    public void undelete(String type, String id) {
        inTransaction(UI_ORIGIN, tx -> { tx.undelete(type, id); return null; });
    }

    public record Conversion(String leadId, String accountId, String contactId) {
    }

    /** What a merge did, as Salesforce's MergeResult: the winner, the deleted losers, the re-parented children. */
    public record MergeResult(String id, List<String> mergedRecordIds, List<String> updatedRelatedIds) {
    }

    /** Merges up to two duplicates into the master as the UI user; see {@link Txn#merge}. */
    public MergeResult merge(String type, String masterId, List<String> duplicateIds, Map<String, ?> masterFields) {
        return merge(type, masterId, duplicateIds, masterFields, false);
    }

    public MergeResult merge(String type, String masterId, List<String> duplicateIds, Map<String, ?> masterFields, boolean reparentEvents) {
        return inTransaction(UI_ORIGIN, tx -> tx.merge(type, masterId, duplicateIds, masterFields, reparentEvents));
    }

    /** Converts a lead as the UI user; null ids mean "create". */
    public Conversion convertLead(String leadId, String accountId, String contactId, String convertedStatus) {
        return inTransaction(UI_ORIGIN, tx -> tx.convertLead(leadId, accountId, contactId, convertedStatus));
    }

    /** Snapshot of a record (deleted ones included, IsDeleted=true), typed values. */
    public Optional<Map<String, Object>> get(String type, String id) {
        SObjectType t = requireType(type);
        String nid = IdGenerator.normalize(id);
        synchronized (lock) {
            var r = nid == null ? null : store.get(t.name(), nid);
            return Optional.ofNullable(r == null ? null : withName(t, r));
        }
    }

    /** Snapshots of all records of a type (deleted included). */
    public List<Map<String, Object>> all(String type) {
        SObjectType t = requireType(type);
        synchronized (lock) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (var r : store.all(t.name())) out.add(withName(t, r));
            return out;
        }
    }

    public long count(String type) {
        SObjectType t = requireType(type);
        synchronized (lock) {
            long n = 0;
            for (SRecord r : store.view(t.name())) if (!r.deleted()) n++;
            return n;
        }
    }

    /** Publishes GAP_CREATE/GAP_UPDATE/GAP_DELETE/GAP_UNDELETE (with ids) or GAP_OVERFLOW (no ids). */
    public void publishGap(String entityName, String changeType, List<String> recordIds) {
        SObjectType t = type(entityName);
        if (t == null) throw new ApiException(400, "INVALID_TYPE", "sObject type '" + entityName + "' is not supported.");
        if (!GAP_TYPES.contains(changeType)) {
            throw new ApiException(400, "INVALID_TYPE", "changeType must be one of " + GAP_TYPES + ": " + changeType);
        }
        boolean overflow = changeType.equals("GAP_OVERFLOW");
        if (overflow && recordIds != null && !recordIds.isEmpty()) {
            throw new ApiException(400, "INVALID_FIELD", "GAP_OVERFLOW events carry no record ids");
        }
        if (!overflow && (recordIds == null || recordIds.isEmpty())) {
            throw new ApiException(400, "REQUIRED_FIELD_MISSING", changeType + " events need recordIds");
        }
        inTransaction(UI_ORIGIN, tx -> {
            tx.events.add(new PendingEvent(t.name(), changeType, new ArrayList<>(recordIds == null ? List.of() : recordIds),
                    JsonNodeFactory.instance.objectNode(), List.of()));
            return null;
        });
    }

    /** Creates of records with this email (any type) fail with DUPLICATES_DETECTED. */
    public void rejectDuplicateEmail(String email) {
        duplicateEmails.add(email.toLowerCase(Locale.ROOT));
    }

    /** Creates/updates whose Email matches the regex fail with FIELD_CUSTOM_VALIDATION_EXCEPTION. */
    public void rejectEmailsMatching(String regex, String message) {
        validationMessage = message == null ? "Email domain is not allowed" : message;
        validationPattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    /** Declares a custom field on the type (Salesforce Setup); it is then writable, queryable, in describe and in change events. */
    public SObjectType.Field addCustomField(String type, String name, String describeType, Integer length, String label) {
        synchronized (lock) {
            return requireType(type).addCustomField(name, describeType, length, label);
        }
    }

    /** Refuses undeclared {@code X__c} fields with INVALID_FIELD, as Salesforce does (default: lenient, declared on first write). */
    public void strictCustomFields(boolean strict) {
        types.values().forEach(t -> t.lenientCustomFields(!strict));
    }

    /**
     * Email Address Internationalization (EAI) on or off. Off (the default, as Salesforce ships it) an Email value
     * with a non-ASCII character (a Unicode domain, an accented local part) is refused with INVALID_EMAIL_ADDRESS;
     * the punycode form of a domain ({@code xn--bcher-kva.de}) is ASCII and accepted.
     */
    public void emailAddressInternationalization(boolean on) {
        emailAddressInternationalization = on;
    }

    public void clearRules() {
        duplicateEmails.clear();
        validationPattern = null;
        emailAddressInternationalization = false;
    }

    void reset() {
        synchronized (lock) {
            store.clear();
            clearRules();
            bus.clear();
        }
    }

    // ---------------------------------------------------------------- transactions

    /** Runs work as one Salesforce transaction; its change events are published at the end (even if work throws after changes). */
    public <T> T inTransaction(String changeOrigin, Function<Txn, T> work) {
        return inTransaction(changeOrigin, true, work);
    }

    /** Like {@link #inTransaction(String, Function)}; without {@code events} nothing is published (volume seeding, {@link BulkSeed}). */
    public <T> T inTransaction(String changeOrigin, boolean events, Function<Txn, T> work) {
        synchronized (lock) {
            Txn tx = new Txn(changeOrigin, SfDates.now(clock));
            if (!events) tx.silent = true;
            try {
                return work.apply(tx);
            } finally {
                tx.commit();
            }
        }
    }

    /** Query support: runs the function on live records under the lock. */
    <T> T read(Function<SObjectStore, T> f) {
        synchronized (lock) {
            return f.apply(store);
        }
    }

    static Map<String, Object> withName(SObjectType t, Map<String, Object> r) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(r);
        if (t.compoundName()) {
            String n = ((Objects.toString(r.get("FirstName"), "")) + " " + Objects.toString(r.get("LastName"), "")).trim();
            copy.put("Name", n.isEmpty() ? null : n);
        }
        return copy;
    }

    record PendingEvent(String entity, String changeType, List<String> recordIds, ObjectNode body, List<String> changedFields) {
        String mergeKey() {
            return entity + "|" + changeType + "|" + body + "|" + changedFields;
        }
    }

    /** One transaction: validates and applies changes, collects CDC events. */
    public final class Txn {
        private final String changeOrigin;
        private final Instant now;
        final List<PendingEvent> events = new ArrayList<>();
        private boolean silent;

        Txn(String changeOrigin, Instant now) {
            this.changeOrigin = changeOrigin;
            this.now = now;
        }

        /** Who makes this transaction's changes: the API user for API calls, the UI user otherwise. */
        String user() {
            return changeOrigin == null || changeOrigin.isEmpty() ? UI_USER_ID : USER_ID;
        }

        public String insert(String type, Map<String, ?> input) {
            SObjectType t = requireType(type);
            LinkedHashMap<String, Object> values = validateInsert(t, input);
            String id = ids.next(t.keyPrefix());
            SRecord rec = new SRecord(t);
            rec.put("Id", id);
            rec.put("IsDeleted", false);
            if (t.name().equals("Lead")) {
                rec.put("Status", "Open - Not Contacted");
                rec.put("IsConverted", false);
                rec.put("ConvertedContactId", null);
                rec.put("ConvertedAccountId", null);
                rec.put("ConvertedDate", null);
            }
            for (Field f : t.fields()) {
                if (f.type() == FieldType.BOOLEAN && !rec.containsKey(f.name())) rec.put(f.name(), false);
            }
            String user = user();
            rec.put("OwnerId", user);
            rec.putAll(values);
            rec.put("CreatedDate", now);
            rec.put("CreatedById", user);
            rec.put("LastModifiedDate", now);
            rec.put("LastModifiedById", user);
            rec.put("SystemModstamp", now);
            store.put(t.name(), id, rec);
            if (!silent) events.add(new PendingEvent(t.name(), "CREATE", new ArrayList<>(List.of(id)), fullBody(t, rec), List.of()));
            return id;
        }

        /** Validates a create without applying it (allOrNone pre-check). */
        public void validateInsertOnly(String type, Map<String, ?> input) {
            validateInsert(requireType(type), input);
        }

        private LinkedHashMap<String, Object> validateInsert(SObjectType t, Map<String, ?> input) {
            if (input.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("Id") && e.getValue() != null)) {
                throw new ApiException(400, "INVALID_FIELD", "cannot specify Id in an insert call", List.of("Id"));
            }
            LinkedHashMap<String, Object> values = coerceAll(t, input);
            Map<String, Object> merged = new LinkedHashMap<>(values);
            checkRecord(t, merged, values, true);
            return values;
        }

        public void update(String type, String id, Map<String, ?> input) {
            SObjectType t = requireType(type);
            SRecord rec = existing(t, id, true);
            LinkedHashMap<String, Object> values = validateUpdate(t, rec, input);
            applyUpdate(t, rec, values, true);
        }

        public void validateUpdateOnly(String type, String id, Map<String, ?> input) {
            SObjectType t = requireType(type);
            validateUpdate(t, existing(t, id, false), input);
        }

        private LinkedHashMap<String, Object> validateUpdate(SObjectType t, Map<String, Object> rec, Map<String, ?> input) {
            if (Boolean.TRUE.equals(rec.get("IsConverted"))) {
                throw new ApiException(400, "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", List.of());
            }
            Map<String, Object> in = new LinkedHashMap<>(input);
            in.keySet().removeIf(k -> k.equalsIgnoreCase("Id"));
            LinkedHashMap<String, Object> values = coerceAll(t, in);
            Map<String, Object> merged = new LinkedHashMap<>(rec);
            merged.putAll(values);
            checkRecord(t, merged, values, false);
            return values;
        }

        private void applyUpdate(SObjectType t, SRecord rec, Map<String, Object> values, boolean withLastModified) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            List<String> changed = new ArrayList<>();
            ObjectNode name = null;
            for (var e : values.entrySet()) {
                Object old = rec.get(e.getKey());
                if (Objects.equals(old, e.getValue()) || (old instanceof BigDecimal a && e.getValue() instanceof BigDecimal b && a.compareTo(b) == 0)) {
                    continue;
                }
                rec.put(e.getKey(), e.getValue());
                if (t.compoundName() && SObjectType.NAME_PARTS.contains(e.getKey())) {
                    if (name == null) name = body.putObject("Name");
                    putEventValue(name, e.getKey(), e.getValue());
                    changed.add("Name." + e.getKey());
                } else {
                    putEventValue(body, e.getKey(), e.getValue());
                    changed.add(e.getKey());
                }
            }
            rec.put("LastModifiedDate", now);
            rec.put("SystemModstamp", now);
            if (withLastModified) {
                putEventValue(body, "LastModifiedDate", now);
                changed.add("LastModifiedDate");
            }
            events.add(new PendingEvent(t.name(), "UPDATE", new ArrayList<>(List.of((String) rec.get("Id"))), body, changed));
        }

        public void delete(String type, String id) {
            SObjectType t = requireType(type);
            SRecord rec = existing(t, id, true);
            rec.put("IsDeleted", true);
            rec.put("SystemModstamp", now);
            events.add(new PendingEvent(t.name(), "DELETE", new ArrayList<>(List.of((String) rec.get("Id"))),
                    JsonNodeFactory.instance.objectNode(), List.of()));
        }

        public void undelete(String type, String id) {
            SObjectType t = requireType(type);
            String nid = IdGenerator.normalize(id);
            SRecord rec = nid == null ? null : store.forWrite(t.name(), nid);
            if (rec == null) throw ApiException.notFound();
            if (!Boolean.TRUE.equals(rec.get("IsDeleted"))) {
                throw new ApiException(400, "UNDELETE_FAILED", "Entity is not in the recycle bin", List.of());
            }
            rec.put("IsDeleted", false);
            rec.put("MasterRecordId", null);
            rec.put("LastModifiedDate", now);
            rec.put("SystemModstamp", now);
            events.add(new PendingEvent(t.name(), "UNDELETE", new ArrayList<>(List.of(nid)), fullBody(t, rec), List.of()));
        }

        /**
         * Salesforce's merge, in this transaction: the losers are deleted with {@code MasterRecordId} = the winner (one
         * DELETE event for all of them, readable with queryAll), an Account's Contacts are re-parented to the winner (no
         * events of their own, as Salesforce: child records re-parented by a merge fire nothing, unless
         * {@code reparentEvents}), then the winner is updated with {@code masterFields} (one UPDATE event, with
         * LastModifiedDate even when no field changes).
         */
        public MergeResult merge(String type, String masterId, List<String> duplicateIds, Map<String, ?> masterFields, boolean reparentEvents) {
            SObjectType t = requireType(type);
            if (duplicateIds == null || duplicateIds.isEmpty() || duplicateIds.size() > 2) {
                throw new ApiException(400, "LIMIT_EXCEEDED", "A merge request takes a master record and one or two records to merge into it");
            }
            SRecord master = existing(t, masterId, false);
            List<String> losers = new ArrayList<>();
            for (String d : duplicateIds) {
                SRecord loser = existing(t, d, false);
                if (loser.id().equals(master.id()) || losers.contains(loser.id())) {
                    throw new ApiException(400, "INVALID_ID_FIELD", "Cannot merge a record with itself: " + d);
                }
                if (Boolean.TRUE.equals(loser.get("IsConverted"))) {
                    throw new ApiException(400, "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", List.of());
                }
                losers.add(loser.id());
            }
            LinkedHashMap<String, Object> values = validateUpdate(t, master, masterFields == null ? Map.of() : masterFields);
            for (String id : losers) {
                SRecord loser = store.forWrite(t.name(), id);
                loser.put("IsDeleted", true);
                loser.put("MasterRecordId", master.id());
                loser.put("SystemModstamp", now);
                events.add(new PendingEvent(t.name(), "DELETE", new ArrayList<>(List.of(id)), JsonNodeFactory.instance.objectNode(), List.of()));
            }
            List<String> reparented = new ArrayList<>();
            if (t.name().equals("Account")) {
                for (SRecord c : store.all("Contact")) {
                    if (!c.deleted() && losers.contains(c.get("AccountId"))) reparented.add(c.id());
                }
                SObjectType contact = requireType("Contact");
                for (String id : reparented) {
                    SRecord c = store.forWrite("Contact", id);
                    if (reparentEvents) {
                        applyUpdate(contact, c, Map.of("AccountId", master.id()), true);
                    } else {
                        c.put("AccountId", master.id());
                        c.put("LastModifiedDate", now);
                        c.put("SystemModstamp", now);
                    }
                }
            }
            applyUpdate(t, store.forWrite(t.name(), master.id()), values, true);
            return new MergeResult(master.id(), List.copyOf(losers), List.copyOf(reparented));
        }

        public Conversion convertLead(String leadId, String accountId, String contactId, String convertedStatus) {
            SObjectType leadType = requireType("Lead");
            SRecord lead = existing(leadType, leadId, true);
            if (Boolean.TRUE.equals(lead.get("IsConverted"))) {
                throw new ApiException(400, "CANNOT_UPDATE_CONVERTED_LEAD", "This lead was already converted", List.of());
            }
            String accId = accountId == null ? null : existing(requireType("Account"), accountId, false).id();
            String conId = contactId == null ? null : existing(requireType("Contact"), contactId, false).id();
            if (accId == null) {
                Map<String, Object> acc = new LinkedHashMap<>();
                acc.put("Name", lead.get("Company"));
                accId = insert("Account", acc);
            }
            if (conId == null) {
                Map<String, Object> con = new LinkedHashMap<>();
                for (String f : List.of("FirstName", "LastName", "Email", "Title", "Phone")) {
                    if (lead.get(f) != null) con.put(f, lead.get(f));
                }
                con.put("AccountId", accId);
                conId = insert("Contact", con);
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("Status", convertedStatus == null ? "Closed - Converted" : convertedStatus);
            changes.put("IsConverted", true);
            changes.put("ConvertedDate", LocalDate.ofInstant(now, ZoneOffset.UTC));
            changes.put("ConvertedAccountId", accId);
            changes.put("ConvertedContactId", conId);
            applyUpdate(leadType, lead, changes, false);
            return new Conversion((String) lead.get("Id"), accId, conId);
        }

        /** The live record; {@code forWrite} replaces it in the store by a private copy first (see {@link SRecord}). */
        private SRecord existing(SObjectType t, String id, boolean forWrite) {
            String nid = IdGenerator.normalize(id);
            if (nid == null || !nid.startsWith(t.keyPrefix())) {
                if (nid == null) {
                    throw new ApiException(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + id);
                }
                throw ApiException.notFound();
            }
            SRecord rec = store.get(t.name(), nid);
            if (rec == null) throw ApiException.notFound();
            if (rec.deleted()) {
                throw new ApiException(404, "ENTITY_IS_DELETED", "entity is deleted", List.of());
            }
            return forWrite ? store.forWrite(t.name(), nid) : rec;
        }

        private LinkedHashMap<String, Object> coerceAll(SObjectType t, Map<String, ?> input) {
            LinkedHashMap<String, Object> values = new LinkedHashMap<>();
            for (var e : input.entrySet()) {
                String key = e.getKey();
                if ("attributes".equalsIgnoreCase(key)) continue;
                Field f = t.field(key);
                if (f == null) {
                    throw new ApiException(400, "INVALID_FIELD", "No such column '" + key + "' on sobject of type " + t.name(), List.of());
                }
                if (!f.writable()) {
                    if (e.getValue() == null || "Id".equals(f.name())) continue;
                    throw new ApiException(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + f.name()
                            + ". Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                            List.of(f.name()));
                }
                values.put(f.name(), coerce(t, f, e.getValue()));
            }
            return values;
        }

        private void checkRecord(SObjectType t, Map<String, Object> merged, Map<String, Object> changed, boolean create) {
            List<String> missing = new ArrayList<>();
            for (String r : t.required()) {
                if (merged.get(r) == null) missing.add(r);
            }
            if (!missing.isEmpty()) {
                throw new ApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing);
            }
            Object email = changed.get("Email");
            if (email != null && (!EMAIL.matcher((String) email).matches()
                    || !emailAddressInternationalization && !((String) email).chars().allMatch(c -> c < 0x80))) {
                throw new ApiException(400, "INVALID_EMAIL_ADDRESS", "Email: invalid email address: " + email, List.of("Email"));
            }
            Object accountId = changed.get("AccountId");
            if (accountId != null) {
                var acc = store.get("Account", (String) accountId);
                if (acc == null || Boolean.TRUE.equals(acc.get("IsDeleted"))) {
                    throw new ApiException(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of("AccountId"));
                }
            }
            if (email != null && create && duplicateEmails.contains(((String) email).toLowerCase(Locale.ROOT))) {
                throw new ApiException(400, "DUPLICATES_DETECTED", "Use one of these records?", List.of());
            }
            Pattern p = validationPattern;
            if (email != null && p != null && p.matcher((String) email).matches()) {
                throw new ApiException(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", validationMessage, List.of());
            }
        }

        private Object coerce(SObjectType t, Field f, Object v) {
            if (v == null) return null;
            try {
                switch (f.type()) {
                    case STRING, EMAIL -> {
                        if (v instanceof Map || v instanceof List) throw new IllegalArgumentException();
                        String s = v.toString();
                        checkLength(f, s);
                        return s.isEmpty() ? null : s;
                    }
                    case BOOLEAN -> {
                        if (v instanceof Boolean b) return b;
                        if ("true".equalsIgnoreCase(v.toString()) || "false".equalsIgnoreCase(v.toString())) return Boolean.valueOf(v.toString());
                        throw new IllegalArgumentException();
                    }
                    case NUMBER -> {
                        return new BigDecimal(v.toString());
                    }
                    case DATETIME -> {
                        return SfDates.parseDateTime(v.toString());
                    }
                    case DATE -> {
                        return SfDates.parseDate(v.toString());
                    }
                    case ID, REFERENCE -> {
                        String s = v.toString();
                        if (s.isEmpty()) return null;
                        String nid = IdGenerator.normalize(s);
                        if (nid == null) {
                            throw new ApiException(400, "MALFORMED_ID", f.name() + ": id value of incorrect type: " + s, List.of(f.name()));
                        }
                        return nid;
                    }
                    default -> {
                        if (v instanceof Number n) return new BigDecimal(n.toString());
                        if (v instanceof String s && s.isEmpty()) return null;
                        if (v instanceof Map || v instanceof List) throw new IllegalArgumentException();
                        if (v instanceof String s) checkLength(f, s);
                        return v;
                    }
                }
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ApiException(400, "JSON_PARSER_ERROR", "Cannot deserialize value '" + v + "' for field " + t.name() + "." + f.name(),
                        List.of(f.name()));
            }
        }

        private static void checkLength(Field f, String s) {
            if (f.length() > 0 && s.length() > f.length()) {
                throw new ApiException(400, "STRING_TOO_LONG", f.label() + ": data value too large: " + s + " (max length=" + f.length() + ")",
                        List.of(f.name()));
            }
        }

        private ObjectNode fullBody(SObjectType t, Map<String, Object> rec) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            if (t.compoundName()) {
                ObjectNode name = body.putObject("Name");
                for (String part : List.of("Salutation", "FirstName", "LastName")) {
                    if (rec.get(part) != null) putEventValue(name, part, rec.get(part));
                }
            }
            for (var e : rec.entrySet()) {
                // Account.Name is a real field and belongs in the event; only the compound Name of Lead/Contact is computed.
                boolean computedName = "Name".equals(e.getKey()) && t.compoundName();
                if (e.getValue() == null || (NOT_IN_EVENTS.contains(e.getKey()) && (!"Name".equals(e.getKey()) || computedName))
                        || (t.compoundName() && SObjectType.NAME_PARTS.contains(e.getKey()))) continue;
                putEventValue(body, e.getKey(), e.getValue());
            }
            return body;
        }

        private void commit() {
            if (silent) events.clear();
            if (events.isEmpty()) return;
            Map<String, PendingEvent> merged = new LinkedHashMap<>();
            for (PendingEvent e : events) {
                PendingEvent prior = merged.get(e.mergeKey());
                if (prior != null && !e.changeType().startsWith("GAP")) {
                    prior.recordIds().addAll(e.recordIds());
                } else {
                    merged.put(e.mergeKey() + (e.changeType().startsWith("GAP") ? UUID.randomUUID() : ""), e);
                }
            }
            String txKey = UUID.randomUUID().toString();
            long commit = ++commitNumber;
            int seq = 0;
            for (PendingEvent e : merged.values()) {
                ObjectNode payload = JsonNodeFactory.instance.objectNode();
                ObjectNode h = payload.putObject("ChangeEventHeader");
                h.put("entityName", e.entity());
                ArrayNode idsNode = h.putArray("recordIds");
                new LinkedHashSet<>(e.recordIds()).forEach(idsNode::add);
                h.put("changeType", e.changeType());
                h.put("changeOrigin", changeOrigin);
                h.put("transactionKey", txKey);
                h.put("sequenceNumber", ++seq);
                h.put("commitTimestamp", now.toEpochMilli());
                h.put("commitNumber", commit);
                h.put("commitUser", user());
                ArrayNode cf = h.putArray("changedFields");
                e.changedFields().forEach(cf::add);
                payload.setAll(e.body());
                bus.publish(ChangeEventBus.channelFor(e.entity()), payload);
            }
            events.clear();
        }
    }

    static void putEventValue(ObjectNode node, String key, Object v) {
        if (v == null) node.putNull(key);
        else if (v instanceof Instant i) node.put(key, SfDates.event(i));
        else if (v instanceof LocalDate d) node.put(key, d.toString());
        else if (v instanceof Boolean b) node.put(key, b);
        else if (v instanceof BigDecimal n) node.put(key, n);
        else node.put(key, v.toString());
    }

    static void putRestValue(ObjectNode node, String key, Object v) {
        if (v instanceof Instant i) node.put(key, SfDates.rest(i));
        else putEventValue(node, key, v);
    }
}
