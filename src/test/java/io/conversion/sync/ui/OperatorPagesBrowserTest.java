package io.conversion.sync.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.CompanyRepository;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.inbound.InitialImport;
import io.conversion.sync.inbound.InitialImportRun;
import io.conversion.sync.settings.SyncSettings;
import io.conversion.sync.settings.SyncSettingsService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class OperatorPagesBrowserTest extends BrowserTestSupport {

    @Autowired
    SyncSettingsService settings;
    @Autowired
    ContactRepository contacts;
    @Autowired
    CompanyRepository companies;
    @Autowired
    ActivityLog activity;
    @Autowired
    InitialImport imports;
    @Autowired
    TestRestTemplate rest;

    private SyncSettings before;

    @BeforeEach
    void allOn() {
        before = settings.get();
        settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, true),
                new SyncSettings.Outbound(true, SyncSettings.CreateAs.LEAD, true, true)), "test");
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @AfterEach
    void restore() {
        settings.update(before, "test");
    }

    @Test
    void every_page_is_behind_the_login_page_and_logout_ends_the_session() {
        browser.manage().deleteAllCookies();
        for (String page : List.of("/", "/dashboard", "/activity", "/actuator/hawtio/", "/settings/syncing")) {
            open(page);
            assertThat(browser.getCurrentUrl()).as(page).endsWith("/login");
        }
        logIn("admin", "wrong-password");
        assertThat(awaitText("main", "Wrong user name or password")).isNotEmpty();
        logIn("admin", ADMIN_PASSWORD);
        // Back to the page asked for last.
        waiting().until(ExpectedConditions.urlContains("/settings/syncing"));
        assertThat(byId("main").getText()).contains("Settings → Syncing");

        browser.findElement(By.cssSelector("form.logout button")).click();
        waiting().until(ExpectedConditions.urlContains("/login?logout"));
        assertThat(byId("main").getText()).contains("You are logged out");
        open("/dashboard");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void switching_an_inbound_toggle_off_pauses_the_next_change_event_and_on_applies_it() {
        loggedIn("/settings/syncing");
        toggle("inbound-leads", "Sync Leads: on → off", false);
        assertThat(settings.get().inbound().leads()).isFalse();
        String pausedLead = SALESFORCE.org().create("Lead", lead(email("paused-lead")));
        awaitActivity(pausedLead, "OBJECT_PAUSED");
        toggle("inbound-leads", "Sync Leads: off → on", true);
        String email = email("resumed-lead");
        SALESFORCE.org().create("Lead", lead(email));
        assertThat(awaitContact(email).sfLeadId()).isNotNull();

        toggle("inbound-contacts", "Sync Contacts: on → off", false);
        String pausedContact = SALESFORCE.org().create("Contact", Map.of("LastName", "Paused",
                "Email", email("paused-contact")));
        awaitActivity(pausedContact, "OBJECT_PAUSED");
        toggle("inbound-contacts", "Sync Contacts: off → on", true);
        String contactEmail = email("resumed-contact");
        String contactId = SALESFORCE.org().create("Contact", Map.of("LastName", "Resumed", "Email", contactEmail));
        assertThat(awaitContact(contactEmail).sfContactId()).isEqualTo(contactId);

        toggle("inbound-accounts", "Sync Accounts: on → off", false);
        String pausedAccount = SALESFORCE.org().create("Account", Map.of("Name", "Paused Inc",
                "Website", "paused-" + UUID.randomUUID() + ".example"));
        awaitActivity(pausedAccount, "OBJECT_PAUSED");
        assertThat(companies.findBySfAccountId(pausedAccount)).isEmpty();
        toggle("inbound-accounts", "Sync Accounts: off → on", true);
        String accountId = SALESFORCE.org().create("Account", Map.of("Name", "Resumed Inc",
                "Website", "resumed-" + UUID.randomUUID() + ".example"));
        await().atMost(WAIT).until(() -> companies.findBySfAccountId(accountId), Optional::isPresent);

        // The change history on the same page: who, and before → after.
        String history = awaitText("history", "Sync Accounts: off → on");
        assertThat(history).contains("admin").contains("Sync Leads: on → off").contains("Sync Contacts: off → on");
    }

    @Test
    void the_outbound_toggle_is_operable_by_keyboard_and_says_what_read_only_means() {
        loggedIn("/settings/syncing");
        WebElement outbound = byId("outbound-enabled");
        outbound.sendKeys(Keys.SPACE);
        String saved = awaitText("save-status", "Saved: Sync to Salesforce: on → off");
        assertThat(saved).contains("Read-only mode");
        assertThat(settings.get().outbound().enabled()).isFalse();
        outbound.sendKeys(Keys.SPACE);
        awaitText("save-status", "Sync to Salesforce: off → on");
        assertThat(settings.get().outbound().enabled()).isTrue();
    }

    @Test
    void create_new_records_as_decides_what_the_next_new_contact_becomes_in_salesforce() {
        loggedIn("/settings/syncing");
        assertThat(byId("outbound-link").isEnabled()).as("account options while Leads").isFalse();
        assertThat(byId("account-options-leads").isDisplayed()).isTrue();

        byId("create-as-contact").click();
        awaitText("save-status", "Create new records as: Leads → Contacts");
        assertThat(settings.get().outbound().createAs()).isEqualTo(SyncSettings.CreateAs.CONTACT);
        assertThat(byId("outbound-link").isEnabled()).isTrue();
        assertThat(byId("account-options-leads").isDisplayed()).isFalse();
        String asContact = email("as-contact");
        postContact(asContact);
        Contact c = awaitSynced(asContact);
        assertThat(c.sfContactId()).isNotNull();
        assertThat(c.sfLeadId()).isNull();
        assertThat(SALESFORCE.org().get("Contact", c.sfContactId()).orElseThrow().get("Email")).isEqualTo(asContact);

        byId("create-as-lead").click();
        awaitText("save-status", "Create new records as: Contacts → Leads");
        assertThat(byId("outbound-link").isEnabled()).isFalse();
        String asLead = email("as-lead");
        postContact(asLead);
        Contact l = awaitSynced(asLead);
        assertThat(l.sfLeadId()).isNotNull();
        assertThat(l.sfContactId()).isNull();
        assertThat(SALESFORCE.org().get("Lead", l.sfLeadId()).orElseThrow().get("Email")).isEqualTo(asLead);
    }

    @Test
    void a_save_the_server_refuses_shows_its_message_and_keeps_the_saved_value() {
        loggedIn("/settings/syncing");
        browser.manage().deleteCookieNamed("XSRF-TOKEN");
        byId("inbound-accounts").click();
        assertThat(awaitText("save-status", "Not saved")).contains("403");
        assertThat(byId("inbound-accounts").isSelected()).as("reverted to the saved value").isTrue();
        assertThat(settings.get().inbound().accounts()).isTrue();
        browser.navigate().refresh();   // a page view issues a new token: saving works again
        byId("inbound-accounts").click();
        awaitText("save-status", "Saved: Sync Accounts: on → off");
        assertThat(settings.get().inbound().accounts()).isFalse();
    }

    @Test
    void the_dashboard_starts_the_initial_import_and_shows_its_progress_per_object() throws Exception {
        String importedEmail = email("imported");
        settings.update(new SyncSettings(new SyncSettings.Inbound(false, true, true), settings.get().outbound()),
                "test");
        SALESFORCE.org().create("Lead", lead(importedEmail)); // committed while Leads are paused: only an import brings it
        settings.update(new SyncSettings(new SyncSettings.Inbound(true, true, true), settings.get().outbound()),
                "test");
        await().atMost(WAIT).until(() -> imports.latest().map(r -> r.state != InitialImportRun.State.RUNNING)
                .orElse(true));
        loggedIn("/dashboard");
        awaitText("refreshed", "Last refreshed");
        assertThat(byId("streams").getText()).contains("Lead").contains("SUBSCRIBED");

        byId("start-import").click();
        awaitText("import-status", "Initial import started");
        waiting().until(d -> byId("import-objects").getText().contains("Account"));
        assertThat(browser.findElements(By.cssSelector("#import-objects progress"))).hasSize(3);
        awaitText("import-status", "Initial import done");
        String table = byId("import-objects").getText();
        assertThat(table).contains("Account DONE").contains("Contact DONE").contains("Lead DONE");
        assertThat(contacts.findByEmail(importedEmail)).isPresent();
        screenshot("dashboard");
    }

    @Test
    void sync_now_on_the_dashboard_sends_a_contact_found_by_email() {
        settings.update(new SyncSettings(settings.get().inbound(),
                new SyncSettings.Outbound(false, SyncSettings.CreateAs.LEAD, true, true)), "test");
        String email = email("sync-now");
        postContact(email);
        await().atMost(WAIT).until(() -> contacts.findByEmail(email).map(Contact::syncStatus),
                s -> s.equals(Optional.of(SyncStatus.NOT_SYNCED)));
        settings.update(new SyncSettings(settings.get().inbound(),
                new SyncSettings.Outbound(true, SyncSettings.CreateAs.LEAD, true, true)), "test");

        loggedIn("/dashboard");
        byId("contact-email").sendKeys(email, Keys.ENTER);
        assertThat(awaitText("contact-result", "NOT_SYNCED")).contains("no Salesforce record");
        byId("sync-now").click();
        awaitText("contact-result", "queued for Salesforce");
        Contact c = awaitSynced(email);
        assertThat(SALESFORCE.org().get("Lead", c.sfLeadId()).orElseThrow().get("Email")).isEqualTo(email);

        byId("contact-email").clear();
        byId("contact-email").sendKeys("nobody-" + UUID.randomUUID() + "@nowhere.example", Keys.ENTER);
        awaitText("contact-result", "No contact with email");
    }

    @Test
    void the_activity_page_filters_by_direction_object_and_outcome_and_pages_backwards() {
        String marker = "activity-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 55; i++) {
            SALESFORCE.org().create("Lead", lead(marker + "-" + i + "@activity.example"));
        }
        await().atMost(WAIT).until(() -> contacts.findByEmail(marker + "-54@activity.example"), Optional::isPresent);
        loggedIn("/activity");
        byId("tab-all").sendKeys(Keys.ARROW_RIGHT);   // tabs by keyboard
        waiting().until(d -> "true".equals(byId("tab-inbound").getAttribute("aria-selected")));
        new org.openqa.selenium.support.ui.Select(byId("object")).selectByVisibleText("Lead");
        new org.openqa.selenium.support.ui.Select(byId("outcome")).selectByVisibleText("Applied");
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        waiting().until(d -> rows().size() == 50
                && rows().stream().allMatch(r -> r.contains("inbound Lead") && r.contains("applied")));
        assertThat(byId("older").isEnabled()).isTrue();
        List<String> page1 = rows();
        assertThat(page1).hasSize(50).allSatisfy(r -> assertThat(r).contains("inbound Lead").contains("applied"));

        byId("older").click();
        awaitText("page-info", "Page 2");
        List<String> page2 = rows();
        assertThat(page2).isNotEmpty().doesNotContainAnyElementsOf(page1)
                .allSatisfy(r -> assertThat(r).contains("inbound Lead").contains("applied"));
        byId("newer").click();
        awaitText("page-info", "Page 1");
        assertThat(rows()).isEqualTo(page1);

        byId("tab-outbound").click();
        waiting().until(d -> rows().stream().allMatch(r -> r.contains("outbound") || r.contains("No activity")));
        new org.openqa.selenium.support.ui.Select(byId("outcome")).selectByVisibleText("Any");
        new org.openqa.selenium.support.ui.Select(byId("object")).selectByVisibleText("Any");
        // A datetime-local input's typing order depends on the browser's locale: the value is set directly.
        js("document.getElementById('from').value = '2099-01-01T00:00'");
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        awaitText("activity", "No activity matches.");
        screenshotAfterReset();
    }

    @Test
    void every_page_loads_without_console_errors_and_fits_1280_px_and_phone_width() throws Exception {
        loggedIn("/settings/syncing");
        consoleErrors();
        Map<String, String> loaded = new HashMap<>(Map.of(
                "/settings/syncing", "history", "/dashboard", "refreshed", "/activity", "page-info", "/fields", "history"));
        for (Dimension size : List.of(new Dimension(1280, 1000), new Dimension(390, 844))) {
            browser.manage().window().setSize(size);
            for (var page : loaded.entrySet()) {
                open(page.getKey());
                waiting().until(d -> !byId(page.getValue()).getText().isBlank()
                        && !byId(page.getValue()).getText().contains("Loading"));
                assertThat(consoleErrors()).as("console of %s", page.getKey()).isEmpty();
                Object overflow = js("return document.documentElement.scrollWidth - window.innerWidth");
                assertThat(((Number) overflow).intValue()).as("horizontal overflow of %s at %s", page.getKey(), size)
                        .isLessThanOrEqualTo(0);
                Object external = js("return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".filter(n => !n.startsWith(location.origin)).length");
                assertThat(((Number) external).intValue()).as("assets from outside on %s", page.getKey()).isZero();
            }
        }
        browser.manage().window().setSize(new Dimension(1280, 1000));
        open("/settings/syncing");
        waiting().until(d -> byId("history").getText().contains("admin") || byId("history").getText().contains("test"));
        screenshot("settings-syncing");
        browser.manage().deleteAllCookies();
        open("/login");
        assertThat(consoleErrors()).as("console of the login page").isEmpty();
    }

    // ---- helpers ----

    private void screenshotAfterReset() {
        try {
            screenshot("activity");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The rows' text, read in one go (the table is re-rendered while a page loads). */
    @SuppressWarnings("unchecked")
    private List<String> rows() {
        return (List<String>) js("return Array.from(document.querySelectorAll('#activity tr'))"
                + ".map(r => r.innerText.replace(/\\s+/g, ' ').trim())");
    }

    private void toggle(String id, String confirmation, boolean expected) {
        byId(id).click();
        String status = awaitText("save-status", confirmation);
        assertThat(status).contains("Saved");
        assertThat(byId(id).isSelected()).isEqualTo(expected);
    }

    private static String email(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8) + "@ui.example";
    }

    private void postContact(String email) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var response = rest.withBasicAuth("admin", ADMIN_PASSWORD).postForEntity("/api/contacts",
                new HttpEntity<>("{\"email\":\"" + email + "\",\"firstName\":\"Ui\",\"lastName\":\"Test\","
                        + "\"company\":\"Ui Co\"}", headers), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    private Contact awaitContact(String email) {
        return await().atMost(WAIT).until(() -> contacts.findByEmail(email), Optional::isPresent).orElseThrow();
    }

    private Contact awaitSynced(String email) {
        return await().atMost(WAIT).until(() -> contacts.findByEmail(email),
                c -> c.isPresent() && c.get().syncStatus() == SyncStatus.SYNCED).orElseThrow();
    }

    private void awaitActivity(String sfId, String reason) {
        await().atMost(WAIT).until(() -> activity.find(new ActivityQuery(null, null, sfId, null, null, 10)).stream()
                .map(Activity::reason).toList(), reasons -> reasons.contains(reason));
    }
}
