package io.conversion.sync.inbound;

import io.conversion.sync.contacts.Contact;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What Conversion holds for the records of one initial-import chunk, loaded in a few queries before the chunk applies
 * ({@link PageLookupsLoader}): the Salesforce ids, emails and domains it does not hold, so that the rules skip a
 * point query per record for the common case of a record new to Conversion, and the companies of the chunk's
 * Accounts (a Contact's company). Only an absence checked in the database is claimed; a key the chunk writes is
 * forgotten (looked up again), so a later record of the chunk sees what an earlier one wrote. Outside an import
 * chunk ({@link #none}) nothing is known and every lookup goes to the database as before.
 */
final class PageLookups {

    private final Set<String> absentIds;
    private final Set<String> absentEmailKeys;
    private final Set<String> absentDomains;
    private final Map<String, Long> companyByAccount;
    /** Account ids of the chunk no contact carries (an Account chunk writes no contact, so it stays true). */
    private final Set<String> accountsWithoutContacts;
    /** False outside an import chunk: nothing is kept (change events may unlink an Account meanwhile). */
    private final boolean chunk;

    PageLookups(Set<String> absentIds, Set<String> absentEmailKeys, Set<String> absentDomains,
            Map<String, Long> companyByAccount, Set<String> accountsWithoutContacts) {
        this(absentIds, absentEmailKeys, absentDomains, companyByAccount, accountsWithoutContacts, true);
    }

    private PageLookups(Set<String> absentIds, Set<String> absentEmailKeys, Set<String> absentDomains,
            Map<String, Long> companyByAccount, Set<String> accountsWithoutContacts, boolean chunk) {
        this.chunk = chunk;
        this.accountsWithoutContacts = Set.copyOf(accountsWithoutContacts);
        this.absentIds = new HashSet<>(absentIds);
        this.absentEmailKeys = new HashSet<>(absentEmailKeys);
        this.absentDomains = new HashSet<>(absentDomains);
        this.companyByAccount = new HashMap<>(companyByAccount);
    }

    /** Nothing known: every lookup goes to the database. */
    static PageLookups none() {
        return new PageLookups(Set.of(), Set.of(), Set.of(), Map.of(), Set.of(), false);
    }

    /** No inbound_record row, no contact and no company holds this Salesforce id. */
    boolean absentId(String sfId) {
        return sfId != null && absentIds.contains(sfId);
    }

    /** No contact has this email (case-insensitively). */
    boolean absentEmail(String email) {
        return email != null && absentEmailKeys.contains(Contact.emailKey(email));
    }

    /** No domain company holds this (normalised) domain. */
    boolean absentDomain(String domain) {
        return domain != null && absentDomains.contains(domain);
    }

    /** No contact carries this Account's id: there are none to link to its company. */
    boolean noContactCarries(String accountId) {
        return accountId != null && accountsWithoutContacts.contains(accountId);
    }

    /** The company of an Account, if loaded (null: look it up). */
    Long companyOfAccount(String accountId) {
        return companyByAccount.get(accountId);
    }

    /** The company the chunk found or made for an Account (kept for the chunk's later Contacts). */
    void companyOfAccount(String accountId, long companyId) {
        if (chunk) {
            companyByAccount.put(accountId, companyId);
        }
    }

    /** Written by the chunk: looked up again from now on. */
    void writtenId(String sfId) {
        absentIds.remove(sfId);
    }

    void writtenEmail(String email) {
        if (email != null) {
            absentEmailKeys.remove(Contact.emailKey(email));
        }
    }

    void writtenDomain(String domain) {
        if (domain != null) {
            absentDomains.remove(domain);
        }
    }
}
