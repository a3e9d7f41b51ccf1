package io.conversion.sync.emulator;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Capacity figure for the README: loads 100,000 Accounts, 300,000 Contacts and 1,000,000 Leads (sizes overridable as
 * arguments), prints the heap they hold, then reads every Lead through a Bulk API 2.0 query job page by page (50,000 per
 * page) and prints the heap peak meanwhile. Not a test (no timed assertions); run it with the -Xmx to check:
 * <pre>
 * java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/emulator.classpath)" io.conversion.sync.emulator.EmulatorCapacityBenchmark
 * </pre>
 */
public final class EmulatorCapacityBenchmark {
    private EmulatorCapacityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int contacts = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        int leads = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        boolean events = args.length > 3 && Boolean.parseBoolean(args[3]);
        long base = EmulatorMain.usedHeapMb();
        try (SalesforceEmulator emu = SalesforceEmulator.start(EmulatorConfig.defaults().bulkQueryInProgressPolls(0))) {
            long t0 = System.nanoTime();
            BulkSeed.seed(emu.org(), accounts, contacts, leads, events);
            double seedS = (System.nanoTime() - t0) / 1e9;
            long loaded = EmulatorMain.usedHeapMb();
            System.out.printf("loaded %,d Accounts + %,d Contacts + %,d Leads (events %s) in %.1f s: heap %d MB (JVM baseline %d MB), max heap %d MB%n",
                    accounts, contacts, leads, events, seedS, loaded, base, Runtime.getRuntime().maxMemory() / (1024 * 1024));

            WireClient wire = new WireClient(emu).login();
            String job = wire.rest("POST", "/jobs/query", "{\"operation\":\"query\",\"query\":\"SELECT Id, FirstName, LastName, Email, Company, Title, CreatedDate FROM Lead\"}")
                    .json().get("id").asText();
            wire.rest("GET", "/jobs/query/" + job, null);
            HttpClient http = HttpClient.newHttpClient();
            String token = wire.token();
            long rows = 0, peak = 0, t1 = System.nanoTime();
            String locator = null;
            do {
                HttpResponse<InputStream> page = http.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/services/data/v56.0/jobs/query/" + job
                        + "/results?maxRecords=50000" + (locator == null ? "" : "&locator=" + locator))).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = page.body()) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        for (int i = 0; i < n; i++) if (buf[i] == '\n') rows++;
                    }
                }
                rows--; // header row of the page
                Runtime rt = Runtime.getRuntime();
                peak = Math.max(peak, (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
                locator = page.headers().firstValue("Sforce-Locator").orElse("null");
            } while (!"null".equals(locator));
            System.out.printf("Bulk query read %,d Leads in %.1f s; heap peak while paging %d MB; after GC %d MB%n", rows,
                    (System.nanoTime() - t1) / 1e9, peak, EmulatorMain.usedHeapMb());
        }
    }
}
