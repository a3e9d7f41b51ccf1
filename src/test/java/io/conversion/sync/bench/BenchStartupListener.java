package io.conversion.sync.bench;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Remembers when the service became ready, for the start-up figure of the benchmark. */
@Component
class BenchStartupListener implements ApplicationListener<ApplicationReadyEvent> {

    private static volatile long readyAt;

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        readyAt = System.currentTimeMillis();
    }

    static long readyAt() {
        return readyAt;
    }
}
