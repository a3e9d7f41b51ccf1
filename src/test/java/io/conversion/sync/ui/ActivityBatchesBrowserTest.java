package io.conversion.sync.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.activity.SyncBatches;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.emulator.FaultInjector;
import io.conversion.sync.inbound.InboundProperties;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class ActivityBatchesBrowserTest extends BrowserTestSupport {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ContactRepository contacts;
    @Autowired
    ActivityLog activity;

    @Autowired
    SyncBatches batches;
    @Autowired
    InboundProperties inbound;

    @AfterEach
    void clearRules() {
        SALESFORCE.org().clearRules();
        SALESFORCE.faults().clear();
    }

    @Test
    void an_outbound_batch_shows_in_progress_while_its_create_is_in_flight_then_completed_without_reloading()
            throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        loggedIn("/activity");
        awaitText("page-info", "Page 1");
        consoleErrors();
        byId("view-batches").click();
        byId("tab-outbound").click();
        new Select(byId("status")).selectByValue("IN_PROGRESS");
        String email = "batch-flight-ui-" + UUID.randomUUID().toString().substring(0, 8) + "@batches.example";
        FaultInjector.Hold hold = SALESFORCE.faults().holdOn("composite.sobjects.create");
        try {
            postContact(email);
            assertThat(hold.awaitReached(WAIT)).as("the create reached Salesforce").isTrue();
            long batchId = batches.find(Activity.Direction.OUTBOUND, null, "IN_PROGRESS", null, null, null, 1)
                    .get(0).id();

            browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
            waiting().until(d -> !d.findElements(By.id("open-batch-" + batchId)).isEmpty());
            assertThat(byId("activity").getText()).contains("outbound create").contains("in progress");
            byId("open-batch-" + batchId).click();
            assertThat(awaitText("batch-title", "Batch " + batchId)).contains("in progress");
            assertThat(byId("batch-summary").getText()).contains("running");
            // Every batch, the running one first (newest), with the running batch open.
            byId("tab-all").click();
            new Select(byId("status")).selectByValue("");
            browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
            By row = By.xpath("//button[@id='open-batch-" + batchId + "']/ancestor::tr");
            waiting().until(d -> !d.findElements(row).isEmpty());
            assertThat(browser.findElement(row).getText()).contains("in progress").contains("running");
            screenshot("activity-in-progress");

            hold.release();

            // The open batch and the list refresh by themselves while it runs.
            assertThat(awaitText("batch-title", "completed")).contains("Batch " + batchId);
            waiting().until(d -> d.findElement(row).getText().contains("completed"));
            assertThat(byId("batch-records").getText()).contains("CREATE_LEAD");
            new Select(byId("status")).selectByValue("IN_PROGRESS");
            browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
            waiting().until(d -> d.findElements(row).isEmpty());
        } finally {
            hold.release();
        }
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void a_failed_inbound_record_is_read_again_from_its_batch_and_applied_in_conversion() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        String email = "batch-inbound-ui-" + UUID.randomUUID().toString().substring(0, 8) + "@batches.example";
        String leadId = SALESFORCE.org().create("Lead", lead(email));
        Contact contact = await().atMost(WAIT).until(() -> contacts.findByEmail(email), Optional::isPresent)
                .orElseThrow();
        // Changed in Salesforce without an event, then a gap event whose re-read Salesforce refuses every time.
        SALESFORCE.org().inTransaction("test", false, t -> {
            t.update("Lead", leadId, java.util.Map.of("Title", "Read Again From The Page"));
            return null;
        });
        SALESFORCE.faults().refuseOn("query", inbound.rereadAttempts());
        SALESFORCE.org().publishGap("Lead", "GAP_UPDATE", java.util.List.of(leadId));
        Activity failed = await().atMost(WAIT).until(() -> activity.find(new ActivityQuery(Activity.Direction.INBOUND,
                Activity.Outcome.FAILED, leadId, null, "APPLY_FAILED", 5)).stream().findFirst(), Optional::isPresent)
                .orElseThrow();
        SALESFORCE.faults().clear();

        loggedIn("/activity?batch=" + failed.batchId());
        assertThat(awaitText("batch-title", "Batch " + failed.batchId())).contains("inbound").contains("failed");
        assertThat(byId("batch-records").getText()).contains(leadId).contains("APPLY_FAILED");
        consoleErrors();
        browser.findElement(By.cssSelector("#batch-records button[aria-label='Read Lead " + leadId
                + " again from Salesforce']")).click();

        assertThat(awaitText("retry-status", "Reading again from Salesforce: retry batch")).contains("in progress");
        await().atMost(WAIT).until(() -> contacts.findById(contact.id()).orElseThrow().title(),
                "Read Again From The Page"::equals);
        assertThat(activity.find(new ActivityQuery(Activity.Direction.INBOUND, Activity.Outcome.APPLIED, leadId,
                null, null, 5))).anySatisfy(a -> {
                    assertThat(a.action()).isEqualTo("UPDATED");
                    assertThat(batches.get(a.batchId()).orElseThrow().kind()).isEqualTo("RETRY");
                });
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void a_failed_outbound_batch_opens_onto_its_records_and_its_failed_record_is_retried_into_salesforce() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        String email = "batch-ui-" + UUID.randomUUID().toString().substring(0, 8) + "@batches.example";
        SALESFORCE.org().rejectEmailsMatching(Pattern.quote(email), "Refused by a validation rule");
        postContact(email);
        Contact failed = await().atMost(WAIT).until(() -> contacts.findByEmail(email),
                c -> c.isPresent() && c.get().syncStatus() == SyncStatus.FAILED).orElseThrow();
        long batchId = await().atMost(WAIT).until(() -> activity.find(new ActivityQuery(Activity.Direction.OUTBOUND,
                Activity.Outcome.FAILED, null, failed.id(), null, 5)).stream().map(Activity::batchId)
                .filter(id -> id != null).findFirst(), Optional::isPresent).orElseThrow();

        loggedIn("/activity");
        awaitText("page-info", "Page 1");
        consoleErrors();
        byId("view-batches").click();
        byId("tab-outbound").click();
        new Select(byId("status")).selectByValue("FAILED");
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        waiting().until(d -> !d.findElements(By.id("open-batch-" + batchId)).isEmpty());
        assertThat(byId("activity").getText()).contains("outbound create").contains("failed");

        byId("open-batch-" + batchId).click();

        assertThat(awaitText("batch-title", "Batch " + batchId)).contains("outbound create").contains("failed");
        assertThat(byId("batch-summary").getText()).contains("failed");
        String records = byId("batch-records").getText();
        assertThat(records).contains(String.valueOf(failed.id())).contains("Refused by a validation rule");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("focus on the opened batch")
                .isEqualTo("batch-title");
        screenshot("activity-batch");

        SALESFORCE.org().clearRules();
        browser.findElement(By.cssSelector("#batch-records button[aria-label='Retry contact " + failed.id() + "']"))
                .click();
        awaitText("retry-status", "Queued for Salesforce again: 1 record");
        Contact synced = await().atMost(WAIT).until(() -> contacts.findByEmail(email),
                c -> c.isPresent() && c.get().syncStatus() == SyncStatus.SYNCED).orElseThrow();
        assertThat(SALESFORCE.org().get("Lead", synced.sfLeadId()).orElseThrow().get("Email")).isEqualTo(email);

        assertThat(consoleErrors()).isEmpty();

        // Retrying all of the batch again: the contact is synced now, so the server's answer is shown.
        byId("retry-all").click();
        awaitText("retry-status", "already synced");
    }

    private void postContact(String email) {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var response = rest.withBasicAuth("admin", ADMIN_PASSWORD).postForEntity("/api/contacts",
                new HttpEntity<>("{\"email\":\"" + email + "\",\"firstName\":\"Ui\",\"lastName\":\"Batch\","
                        + "\"company\":\"Ui Co\"}", headers), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }
}
