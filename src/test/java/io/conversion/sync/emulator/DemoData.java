package io.conversion.sync.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** A small demo data set (seeding emits normal CREATE events). */
public final class DemoData {
    private DemoData() {
    }

    public static void seed(Org org) {
        String acme = org.create("Account", map("Name", "Acme", "Website", "https://www.acme.com/", "Industry", "Manufacturing"));
        org.create("Account", map("Name", "Globex", "Website", "globex.io"));
        org.create("Account", map("Name", "Initech", "Website", "http://initech.com/about", "Phone", "+1 555 0100"));
        org.create("Lead", map("FirstName", "Jane", "LastName", "Doe", "Company", "Acme", "Email", "jane.doe@acme.com", "Title", "CTO"));
        org.create("Lead", map("FirstName", "Peter", "LastName", "Gibbons", "Company", "Initech", "Email", "peter@initech.com"));
        org.create("Lead", map("LastName", "Nomail", "Company", "Globex"));
        org.create("Contact", map("FirstName", "Wile", "LastName", "Coyote", "Email", "wile@acme.com", "AccountId", acme));
        org.create("Contact", map("FirstName", "Hank", "LastName", "Scorpio", "Email", "hank@globex.io"));
        org.create("Contact", map("LastName", "Anonymous"));
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
