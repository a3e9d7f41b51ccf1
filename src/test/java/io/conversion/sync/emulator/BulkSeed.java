package io.conversion.sync.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generated volume data for capacity and initial-import runs: Accounts with websites, Contacts of those Accounts and
 * Leads, all with distinct emails, loaded in transactions of {@value #CHUNK} records. Without events the records are
 * as if they had existed before any subscriber connected (older than the retention window), which is how a large org
 * looks to a service doing its initial import; with events every record also emits its CREATE, as a data load would.
 */
public final class BulkSeed {
    static final int CHUNK = 2_000;

    private BulkSeed() {
    }

    public record Counts(int accounts, int contacts, int leads) {
    }

    /** Loads the records and returns how many of each were created. Ids of Accounts are reused by Contacts round-robin. */
    public static Counts seed(Org org, int accounts, int contacts, int leads, boolean events) {
        String origin = "com/salesforce/api/bulkapi/56.0;client=emulator-seed";
        String[] accountIds = new String[Math.max(accounts, 0)];
        for (int from = 0; from < accounts; from += CHUNK) {
            int start = from, end = Math.min(accounts, from + CHUNK);
            org.inTransaction(origin, events, tx -> {
                for (int i = start; i < end; i++) {
                    accountIds[i] = tx.insert("Account", map("Name", "Account " + i, "Website", "https://www.account-" + i + ".example.com",
                            "Industry", INDUSTRIES[i % INDUSTRIES.length]));
                }
                return null;
            });
        }
        for (int from = 0; from < contacts; from += CHUNK) {
            int start = from, end = Math.min(contacts, from + CHUNK);
            org.inTransaction(origin, events, tx -> {
                for (int i = start; i < end; i++) {
                    Map<String, Object> c = map("FirstName", "First" + i, "LastName", "Contact " + i, "Title", TITLES[i % TITLES.length]);
                    if (accounts > 0) {
                        c.put("AccountId", accountIds[i % accounts]);
                        c.put("Email", "contact." + i + "@account-" + (i % accounts) + ".example.com");
                    } else {
                        c.put("Email", "contact." + i + "@example.com");
                    }
                    tx.insert("Contact", c);
                }
                return null;
            });
        }
        for (int from = 0; from < leads; from += CHUNK) {
            int start = from, end = Math.min(leads, from + CHUNK);
            org.inTransaction(origin, events, tx -> {
                for (int i = start; i < end; i++) {
                    tx.insert("Lead", map("FirstName", "First" + i, "LastName", "Lead " + i, "Company", "Company " + (i % 50_000),
                            "Email", "lead." + i + "@company-" + (i % 50_000) + ".example.com", "Title", TITLES[i % TITLES.length]));
                }
                return null;
            });
        }
        return new Counts(Math.max(accounts, 0), Math.max(contacts, 0), Math.max(leads, 0));
    }

    private static final String[] INDUSTRIES = {"Manufacturing", "Technology", "Retail", "Finance", "Healthcare"};
    private static final String[] TITLES = {"CEO", "CTO", "VP Sales", "Engineer", "Marketing Manager", "Buyer"};

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
