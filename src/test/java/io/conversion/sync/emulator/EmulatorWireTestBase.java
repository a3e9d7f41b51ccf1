package io.conversion.sync.emulator;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;

/** One emulator per test class on a settable clock, reset before each test, with a logged-in {@link WireClient}. */
abstract class EmulatorWireTestBase {
    static final Instant START = Instant.parse("2026-11-28T14:40:00Z");
    static final MutableClock CLOCK = new MutableClock(START);
    static SalesforceEmulator emu;
    WireClient wire;

    @BeforeAll
    static void startEmulator() {
        CLOCK.set(START);
        emu = SalesforceEmulator.start(EmulatorConfig.forTests().clock(CLOCK));
    }

    @AfterAll
    static void stopEmulator() {
        emu.stop();
    }

    @BeforeEach
    void resetEmulator() throws Exception {
        CLOCK.set(START);
        emu.reset();
        wire = new WireClient(emu).login();
    }

    /** A started Camel context whose salesforce component logs in to the emulator with the sandbox credentials. */
    static CamelContext camelAgainst(SalesforceEmulator emulator, String packages) {
        CamelContext camel = new DefaultCamelContext();
        SalesforceComponent sf = new SalesforceComponent();
        sf.setLoginUrl(emulator.baseUrl());
        sf.setClientId("sandbox-client");
        sf.setClientSecret("sandbox-secret");
        sf.setUserName("integration@sandbox.example");
        sf.setPassword("sandbox-password");
        if (packages != null) sf.setPackages(packages);
        camel.addComponent("salesforce", sf);
        camel.start();
        return camel;
    }
}
