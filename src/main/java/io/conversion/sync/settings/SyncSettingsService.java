package io.conversion.sync.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conversion.sync.salesforce.SyncedObject;
import io.conversion.sync.settings.SyncSettings.CreateAs;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live sync settings. Routes read them through this bean (bean name {@code syncSettings}) on every
 * message, so a change made through the API applies to the very next message, without a restart. A change
 * only steers future messages: nothing already stored is rewritten.
 */
@Service("syncSettings")
public class SyncSettingsService implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(SyncSettingsService.class);

    private final SyncSettingsRepository repository;
    private final SyncDefaultsProperties properties;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile SyncSettingsSnapshot current;

    SyncSettingsService(SyncSettingsRepository repository, SyncDefaultsProperties properties, TransactionTemplate tx,
            ObjectMapper json, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** First start: seed the table from application.yaml. Later starts: the database wins. */
    @Override
    public void afterPropertiesSet() {
        current = tx.execute(status -> repository.load().orElseGet(() -> {
            Instant now = clock.instant();
            var seeded = new SyncSettingsSnapshot(properties.defaults(), now, now, now);
            repository.insert(seeded, now, "application.yaml");
            repository.recordHistory(now, "application.yaml", toJson(properties.defaults()), null);
            LOG.info("Sync settings initialised from application.yaml: {}", toJson(properties.defaults()));
            return seeded;
        }));
    }

    public SyncSettings get() {
        return current.settings();
    }

    public SyncSettingsSnapshot snapshot() {
        return current;
    }

    /** Replaces the settings and records who changed them; returns the new value. */
    public SyncSettings update(SyncSettings next, String user) {
        current = tx.execute(status -> {
            Instant now = clock.instant();
            SyncSettingsSnapshot before = repository.loadForUpdate().orElseThrow();
            var in = next.inbound();
            var was = before.settings().inbound();
            var after = new SyncSettingsSnapshot(next,
                    switchedOn(was.leads(), in.leads()) ? now : before.leadsSince(),
                    switchedOn(was.contacts(), in.contacts()) ? now : before.contactsSince(),
                    switchedOn(was.accounts(), in.accounts()) ? now : before.accountsSince());
            repository.update(after, now, user);
            repository.recordHistory(now, user, toJson(next), toJson(before.settings()));
            return after;
        });
        LOG.info("Sync settings changed by {}: {}", user, toJson(next));
        return current.settings();
    }

    public List<SyncSettingsRepository.HistoryRow> history(int limit) {
        return repository.history(limit);
    }

    // ---- Read by routes (filters, choices) ----

    /**
     * Whether a Salesforce change to this object, committed at {@code commitTimestamp} (epoch ms), is to be
     * applied: its toggle is on now, and was already on when the change was committed (no retroactive sync).
     */
    public boolean inboundAccepts(String entityName, long commitTimestamp) {
        SyncSettingsSnapshot s = current;
        return SyncedObject.ofName(entityName)
                .map(o -> o.enabledIn(s.settings().inbound()) && commitTimestamp >= o.enabledSince(s).toEpochMilli())
                .orElse(false);
    }

    public boolean inboundEnabled(String entityName) {
        return SyncedObject.ofName(entityName).map(this::inboundEnabled).orElse(false);
    }

    public boolean inboundEnabled(SyncedObject object) {
        return object.enabledIn(current.settings().inbound());
    }

    public boolean outboundEnabled() {
        return current.settings().outbound().enabled();
    }

    public CreateAs createAs() {
        return current.settings().outbound().createAs();
    }

    public boolean linkToAccountsByDomain() {
        return current.settings().outbound().linkToAccountsByDomain();
    }

    public boolean createAccounts() {
        return current.settings().outbound().createAccounts();
    }

    private static boolean switchedOn(boolean before, boolean after) {
        return !before && after;
    }

    private String toJson(SyncSettings s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
