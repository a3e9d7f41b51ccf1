package io.conversion.sync.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conversion.sync.activity.Activity;
import io.conversion.sync.activity.ActivityLog;
import io.conversion.sync.activity.ActivityQuery;
import io.conversion.sync.contacts.Contact;
import io.conversion.sync.contacts.Contact.SyncStatus;
import io.conversion.sync.contacts.ContactRepository;
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

    @AfterEach
    void clearRules() {
        SALESFORCE.org().clearRules();
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
