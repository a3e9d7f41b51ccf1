package io.conversion.sync.fault;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/** Small helpers of the fault suite's processes. */
final class Processes {

    private Processes() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The options of a system property, split at white space (none when it is unset). */
    static List<String> options(String property) {
        String s = System.getProperty(property, "");
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no flush, no graceful stop. */
    static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor();
    }
}
