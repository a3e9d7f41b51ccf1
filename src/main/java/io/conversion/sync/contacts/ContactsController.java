package io.conversion.sync.contacts;

import io.conversion.sync.budget.ApiBudget;
import io.conversion.sync.web.BadRequestException;
import io.conversion.sync.web.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read side of Conversion's store: {@code /api/contacts} and {@code /api/companies}. */
@RestController
class ContactsController {

    private final ContactRepository contacts;
    private final CompanyRepository companies;
    private final SalesforceDuplicates duplicates;
    private final ApiBudget budget;

    ContactsController(ContactRepository contacts, CompanyRepository companies, SalesforceDuplicates duplicates,
            ApiBudget budget) {
        this.contacts = contacts;
        this.companies = companies;
        this.duplicates = duplicates;
        this.budget = budget;
    }

    @GetMapping(path = "/api/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> byEmail(@RequestParam(required = false) String email) {
        if (email == null || email.isBlank()) {
            throw new BadRequestException("Query parameter 'email' is required", List.of("email is required"));
        }
        return contacts.findByEmail(email).map(this::live)
                .orElseThrow(() -> new NotFoundException("No contact with email " + email));
    }

    @GetMapping(path = "/api/contacts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> byId(@PathVariable long id) {
        return contacts.findById(id).map(this::live)
                .orElseThrow(() -> new NotFoundException("No contact with id " + id));
    }

    @GetMapping(path = "/api/companies/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> company(@PathVariable long id) {
        return companies.findById(id).map(this::view)
                .orElseThrow(() -> new NotFoundException("No company with id " + id));
    }

    /**
     * The contact, and for a PENDING one that outbound holds back for the daily API allowance the reason as its
     * {@code syncError} (it waits, it has not failed; a batch stopped by the limit also stores the reason).
     */
    private Map<String, Object> live(Contact c) {
        Map<String, Object> v = view(c);
        if (c.syncStatus() == Contact.SyncStatus.PENDING && c.syncError() == null) {
            String waiting = budget.outboundWaitReason();
            if (waiting != null) {
                v.put("syncError", waiting);
            }
        }
        return v;
    }

    /**
     * A contact; a merged one names the contact it was merged into ({@code mergedIntoId}), a surviving one the
     * contacts merged into it ({@code mergedFromIds}); {@code salesforce.duplicates}: other records with its email.
     */
    private Map<String, Object> view(Contact c) {
        Map<String, Object> sf = new LinkedHashMap<>();
        sf.put("leadId", c.sfLeadId());
        sf.put("contactId", c.sfContactId());
        sf.put("accountId", c.sfAccountId());
        sf.put("duplicates", duplicates.of(c.id()).stream().map(SalesforceDuplicates::view).toList());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("email", c.email());
        v.put("firstName", c.firstName());
        v.put("lastName", c.lastName());
        v.put("title", c.title());
        v.put("phone", c.phone());
        v.put("companyName", c.companyName());
        v.put("companyId", c.companyId());
        v.put("attributes", c.attributes());
        v.put("salesforce", sf);
        v.put("syncStatus", c.syncStatus().name());
        if (c.syncError() != null) {
            v.put("syncError", c.syncError());
        }
        contacts.mergedInto(c.id()).ifPresent(into -> v.put("mergedIntoId", into));
        List<Long> mergedFrom = contacts.mergedFrom(c.id());
        if (!mergedFrom.isEmpty()) {
            v.put("mergedFromIds", mergedFrom);
        }
        return v;
    }

    private Map<String, Object> view(Company c) {
        Map<String, Object> sf = new LinkedHashMap<>();
        sf.put("accountId", c.sfAccountId());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("name", c.name());
        v.put("domain", c.domain());
        v.put("standalone", c.standalone());
        v.put("attributes", c.attributes());
        v.put("salesforce", sf);
        companies.mergedInto(c.id()).ifPresent(into -> v.put("mergedIntoId", into));
        return v;
    }
}
