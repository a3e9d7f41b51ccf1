package io.conversion.sync.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * The emulated org as its own process ({@code bin/salesforce-emulator}): it keeps its records, change events and
 * counters while services connect, restart and reconnect.
 * <pre>
 * EmulatorMain [port] [--demo-data] [--seed accounts=N,contacts=N,leads=N] [--seed-events] [--max-events=N]
 * </pre>
 * Port 8089 by default (the sandbox profile's login-url). {@code --demo-data} loads {@link DemoData}; {@code --seed}
 * generates volume data ({@link BulkSeed}), without change events unless {@code --seed-events}.
 */
public final class EmulatorMain {
    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8089;
        boolean demo = false, seedEvents = false;
        Map<String, Integer> seed = new HashMap<>();
        EmulatorConfig config = EmulatorConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--demo-data")) demo = true;
            else if (a.equals("--seed-events")) seedEvents = true;
            else if (a.equals("--seed") && i + 1 < args.length) {
                for (String kv : args[++i].split(",")) {
                    String[] p = kv.split("=", 2);
                    seed.put(p[0].trim(), Integer.parseInt(p[1].trim().replace("_", "")));
                }
            } else if (a.startsWith("--max-events=")) config.maxRetainedEvents(Integer.parseInt(a.substring(13)));
            else if (a.matches("\\d+")) port = Integer.parseInt(a);
            else throw new IllegalArgumentException("Usage: EmulatorMain [port] [--demo-data] [--seed accounts=N,contacts=N,leads=N] [--seed-events] [--max-events=N]; got " + a);
        }
        SalesforceEmulator emu = SalesforceEmulator.start(config.port(port));
        Runtime.getRuntime().addShutdownHook(new Thread(emu::stop, "emulator-stop"));
        if (demo) DemoData.seed(emu.org());
        if (!seed.isEmpty()) {
            long t0 = System.nanoTime();
            BulkSeed.Counts c = BulkSeed.seed(emu.org(), seed.getOrDefault("accounts", 0), seed.getOrDefault("contacts", 0),
                    seed.getOrDefault("leads", 0), seedEvents);
            System.out.printf("Seeded %d Accounts, %d Contacts, %d Leads in %.1f s; heap used %d MB%n", c.accounts(), c.contacts(), c.leads(),
                    (System.nanoTime() - t0) / 1e9, usedHeapMb());
        }
        System.out.println("Salesforce emulator on " + emu.baseUrl() + " (client sandbox-client/sandbox-secret, user integration@sandbox.example/"
                + "sandbox-password; control API under /emulator/)");
        Thread.currentThread().join();
    }

    static long usedHeapMb() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }
}
