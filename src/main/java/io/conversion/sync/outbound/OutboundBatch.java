package io.conversion.sync.outbound;

import io.conversion.sync.salesforce.SfAccount;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contacts one worker sends to Salesforce together, and what the batch has resolved for each so far.
 * Lives in the exchange property {@code outboundBatch} while the batch route runs.
 */
public final class OutboundBatch {

    /** One contact of the batch. */
    public static final class Item {
        final PendingContact contact;
        /** Normalised email domain; null if none usable. */
        final String domain;
        /** A mailbox provider's domain (gmail.com, ...): never matched to or creating a domain Account. */
        final boolean personal;
        String accountId;
        Long companyId;
        /** Another worker is creating the Account of this contact's domain: give it back, retry later. */
        boolean deferred;
        /** Why it cannot be sent (e.g. its Account was refused): recorded when the batch finishes. */
        String failure;
        /** Found in Salesforce by reconciliation (an earlier attempt created it): settled, not sent again. */
        boolean adopted;
        /** The mapped fields its create sends (set when the request is built). */
        List<CreateFields.Sent> fields = List.of();

        Item(PendingContact contact, String domain, boolean personal) {
            this.contact = contact;
            this.domain = domain;
            this.personal = personal;
        }

        boolean asContact() {
            return contact.createAs() == CreateAs.CONTACT;
        }

        /** The Salesforce object created for it: its Lead or its Contact. */
        SyncedObject object() {
            return contact.object();
        }

        /** Has a domain that may be matched to, or create, a domain Account. */
        boolean companyDomain() {
            return domain != null && !personal;
        }

        boolean resolved() {
            return accountId != null;
        }

        boolean open() {
            return !deferred && failure == null && !adopted;
        }

        /** An earlier attempt sent this contact's Lead/Contact and its answer was never recorded. */
        boolean unsettled() {
            return contact.sentAt() != null;
        }
    }

    /** An Account to create: for a domain (shared by its contacts) or for a single contact. */
    static final class AccountRequest {
        final SfAccount account;
        /** The claimed domain company, or null for a contact's own Account. */
        final Long domainCompanyId;
        final List<Item> items;

        AccountRequest(SfAccount account, Long domainCompanyId, List<Item> items) {
            this.account = account;
            this.domainCompanyId = domainCompanyId;
            this.items = items;
        }
    }

    final String claim;
    final List<Item> items;
    /** Domains to look up in Salesforce, with the contacts waiting for the answer. */
    final Map<String, List<Item>> lookups = new LinkedHashMap<>();
    /**
     * Looked-up domains whose company row exists without an Account: an earlier attempt claimed the domain and may
     * have created its Account without the answer being recorded. A match for one of these is an adoption.
     */
    final Set<String> unsettledDomains = new HashSet<>();
    final List<AccountRequest> accountRequests = new ArrayList<>();
    /** The contacts sent in the Lead/Contact call, in request order (results come back in the same order). */
    final List<Item> sent = new ArrayList<>();
    /** Ids of records this batch created for contacts linked meanwhile to a record made in Salesforce. */
    final List<String> surplus = new ArrayList<>();
    /** When the batch was loaded (its {@code sync_batch} duration runs from here). */
    final long startedAt = System.currentTimeMillis();
    /** Its {@code sync_batch} entry: written IN_PROGRESS with the claim, closed when the batch finishes. */
    Long batchId;

    OutboundBatch(String claim, List<Item> items) {
        this.claim = claim;
        this.items = items;
    }

    @Override
    public String toString() {
        return "OutboundBatch[" + claim + ", " + items.size() + " contacts]";
    }
}
