package io.conversion.sync.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.inbound.ChangeEvent.ChangeType;
import io.conversion.sync.inbound.InboundBatchWriter.Item;
import io.conversion.sync.salesforce.Soql;
import io.conversion.sync.salesforce.SyncedObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectComposite;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectCompositeResponse;
import org.apache.camel.component.salesforce.api.dto.composite.SObjectCompositeResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Was a delete a merge? A change event does not say: Salesforce deletes a merge's losers with {@code MasterRecordId}
 * set to the winner, readable only with {@code queryAll}. Before a batch's transaction, the deleted Leads, Contacts
 * and Accounts Conversion holds something for are looked up with ONE API call per batch: a composite request of
 * {@code SELECT Id, MasterRecordId ... WHERE Id IN (...)} queryAll subrequests (200 ids each, 25 subrequests per
 * call), through the route inbound-salesforce-merges (retried like every re-read). No delete, no call.
 */
@Component
class MergeLookup {

    private static final int IDS_PER_QUERY = 200;
    private static final int MAX_SUBREQUESTS = 25;

    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final String apiVersion;
    private final ApiBudget budget;

    MergeLookup(ProducerTemplate camel, ObjectMapper json, ContactRepository contacts, CompanyRepository companies,
            @Value("${camel.component.salesforce.api-version:56.0}") String apiVersion, ApiBudget budget) {
        this.budget = budget;
        this.camel = camel;
        this.json = json;
        this.contacts = contacts;
        this.companies = companies;
        this.apiVersion = apiVersion;
    }

    /** Loser id → winner id, for the batch's deleted records that a merge deleted. */
    Map<String, String> masters(List<Item> items) {
        Map<SyncedObject, Set<String>> deleted = deletedAndHeld(items);
        if (deleted.isEmpty()) {
            return Map.of();
        }
        List<SObjectComposite> calls = new ArrayList<>();
        SObjectComposite composite = null;
        int n = 0;
        for (var byObject : deleted.entrySet()) {
            List<String> ids = List.copyOf(byObject.getValue());
            for (int i = 0; i < ids.size(); i += IDS_PER_QUERY) {
                if (composite == null || n == MAX_SUBREQUESTS) {
                    composite = new SObjectComposite(apiVersion, false);
                    calls.add(composite);
                    n = 0;
                }
                String soql = "SELECT Id, MasterRecordId FROM " + byObject.getKey().sfName() + " WHERE Id IN "
                        + Soql.inList(ids.subList(i, Math.min(ids.size(), i + IDS_PER_QUERY)));
                composite.addQueryAll(URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20"),
                        byObject.getKey().sfName() + "-" + i);
                n++;
            }
        }
        Map<String, String> masters = new HashMap<>();
        for (SObjectComposite call : calls) {
            // Deferrable like a re-read: near the API reserve, or refused for the limit, it waits for the allowance.
            SObjectCompositeResponse response = budget.deferrable(() -> camel.requestBody(
                    "direct:inbound-salesforce-merges", call, SObjectCompositeResponse.class));
            for (SObjectCompositeResult result : response.getCompositeResponse()) {
                JsonNode body = json.valueToTree(result.getBody());
                if (result.getHttpStatusCode() >= 300) {
                    // Applied as a plain delete, a merge would leave an orphan: the batch fails and is logged.
                    throw new IllegalStateException("MasterRecordId lookup failed: " + body);
                }
                for (JsonNode r : body.path("records")) {
                    String master = r.path("MasterRecordId").asText(null);
                    if (master != null && !master.isBlank()) {
                        masters.put(r.path("Id").asText(), master);
                    }
                }
            }
        }
        return masters;
    }

    /** The deleted records of the batch that a Conversion contact or company (or a contact's Account id) holds. */
    private Map<SyncedObject, Set<String>> deletedAndHeld(List<Item> items) {
        Map<SyncedObject, Set<String>> deleted = new EnumMap<>(SyncedObject.class);
        for (Item item : items) {
            ChangeEvent e = item.event();
            if (e == null || !isDelete(item)) {
                continue;
            }
            for (String id : e.recordIds()) {
                if (held(e.object(), id)) {
                    deleted.computeIfAbsent(e.object(), k -> new LinkedHashSet<>()).add(id);
                }
            }
        }
        return deleted;
    }

    private static boolean isDelete(Item item) {
        ChangeType type = item.event().changeType();
        return item.decision() == InboundDecision.APPLY && type == ChangeType.DELETE
                || item.decision() == InboundDecision.REREAD && type == ChangeType.GAP_DELETE;
    }

    private boolean held(SyncedObject object, String id) {
        return switch (object) {
            case LEAD -> contacts.findBySfLeadId(id).isPresent();
            case CONTACT -> contacts.findBySfContactId(id).isPresent();
            case ACCOUNT -> companies.findBySfAccountId(id).isPresent() || contacts.anyOfAccount(id);
        };
    }
}
