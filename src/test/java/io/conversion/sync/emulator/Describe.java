package io.conversion.sync.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conversion.sync.emulator.SObjectType.Field;

import java.util.Collection;
import java.util.Set;

/** Salesforce's describe JSON ({@code /sobjects/{Type}/describe}, {@code /sobjects}) for the emulated types. */
final class Describe {
    private static final Set<String> NUMERIC = Set.of("double", "int", "currency", "percent");

    private Describe() {
    }

    static ObjectNode of(SObjectType t, String version) {
        ObjectNode n = header(t, version);
        ArrayNode fields = n.putArray("fields");
        t.fields().forEach(f -> fields.add(field(f)));
        return n;
    }

    static ObjectNode of(SObjectType t) {
        return of(t, "56.0");
    }

    static ObjectNode global(Collection<SObjectType> types, String version) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("encoding", "UTF-8");
        n.put("maxBatchSize", 200);
        ArrayNode a = n.putArray("sobjects");
        types.forEach(t -> a.add(header(t, version)));
        return n;
    }

    private static ObjectNode header(SObjectType t, String version) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", t.name());
        n.put("label", t.name());
        n.put("labelPlural", t.name() + "s");
        n.put("keyPrefix", t.keyPrefix());
        n.put("custom", false);
        for (String p : new String[] {"createable", "updateable", "deletable", "queryable", "retrieveable", "searchable", "undeletable", "mergeable", "replicateable"}) {
            n.put(p, true);
        }
        ObjectNode urls = n.putObject("urls");
        String base = "/services/data/v" + version + "/sobjects/" + t.name();
        urls.put("sobject", base);
        urls.put("describe", base + "/describe");
        urls.put("rowTemplate", base + "/{ID}");
        return n;
    }

    static ObjectNode field(Field f) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        String type = f.describeType();
        n.put("name", f.name());
        n.put("label", f.label());
        n.put("type", type);
        n.put("length", f.type() == SObjectType.FieldType.STRING || f.type() == SObjectType.FieldType.EMAIL
                || f.type() == SObjectType.FieldType.ID || f.type() == SObjectType.FieldType.REFERENCE || f.type() == SObjectType.FieldType.ANY
                ? f.length() : 0);
        n.put("byteLength", f.length() * 3);
        n.put("precision", NUMERIC.contains(type) ? 18 : 0);
        n.put("scale", NUMERIC.contains(type) && !type.equals("int") ? 2 : 0);
        n.put("digits", type.equals("int") ? 9 : 0);
        n.put("nillable", f.nillable());
        n.put("createable", f.writable());
        n.put("updateable", f.writable());
        n.put("custom", f.custom());
        n.put("defaultedOnCreate", !f.writable() || f.type() == SObjectType.FieldType.BOOLEAN || f.name().equals("OwnerId"));
        n.put("filterable", true);
        n.put("sortable", !type.equals("textarea") || f.length() <= 255);
        n.put("unique", false);
        n.put("externalId", false);
        n.put("idLookup", f.name().equals("Id") || f.name().equals("Email"));
        n.put("calculated", f.name().equals("Name") && !f.writable());
        n.put("soapType", switch (type) {
            case "id", "reference" -> "tns:ID";
            case "boolean" -> "xsd:boolean";
            case "double", "currency", "percent" -> "xsd:double";
            case "int" -> "xsd:int";
            case "date" -> "xsd:date";
            case "datetime" -> "xsd:dateTime";
            default -> "xsd:string";
        });
        ArrayNode refs = n.putArray("referenceTo");
        if (type.equals("reference")) {
            String target = switch (f.name()) {
                case "AccountId", "ConvertedAccountId", "ParentId" -> "Account";
                case "ConvertedContactId" -> "Contact";
                case "ConvertedOpportunityId" -> "Opportunity";
                case "MasterRecordId" -> null;
                default -> "User";
            };
            if (target != null) refs.add(target);
        }
        n.putArray("picklistValues");
        return n;
    }
}
