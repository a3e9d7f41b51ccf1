package io.conversion.sync.emulator;

/** Standalone emulator on port 8089 (or the first argument) with {@link DemoData}. */
public final class EmulatorMain {
    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        SalesforceEmulator emu = SalesforceEmulator.start(EmulatorConfig.defaults().port(port));
        DemoData.seed(emu.org());
        System.out.println("Salesforce emulator on " + emu.baseUrl() + " (client sandbox-client/sandbox-secret, user integration@sandbox.example/sandbox-password)");
        Runtime.getRuntime().addShutdownHook(new Thread(emu::stop));
        Thread.currentThread().join();
    }
}
