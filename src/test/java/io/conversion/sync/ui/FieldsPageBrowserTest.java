package io.conversion.sync.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conversion.sync.contacts.ContactRepository;
import io.conversion.sync.fields.FieldMapRestored;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

@ExtendWith(FieldMapRestored.class)
class FieldsPageBrowserTest extends BrowserTestSupport {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ContactRepository contacts;

    @BeforeEach
    void desktop() {
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    void changing_a_field_mode_saves_it_at_once_and_lists_it_in_the_history() {
        loggedIn("/fields");
        Select title = new Select(awaitSelect("mode-Lead-Title"));
        String before = title.getFirstSelectedOption().getAttribute("value");
        String next = before.equals("TWO_WAY") ? "ALWAYS_CONVERSION" : "TWO_WAY";

        title.selectByValue(next);

        assertThat(awaitText("save-status", "Saved: Lead Title: " + before + " → " + next)).doesNotContain("Not");
        assertThat(mode("Lead", "Title")).as("read back through the API").isEqualTo(next);
        assertThat(awaitText("history", "Title ⇄ title (" + next + ")")).contains("admin");
        // The table is re-rendered from the saved map: the select is found again.
        assertThat(new Select(byId("mode-Lead-Title")).getOptions()).extracting(o -> o.getText())
                .anySatisfy(t -> assertThat(t).startsWith("TWO_WAY: The most recent change wins"));
    }

    @Test
    void a_custom_field_salesforce_does_not_have_shows_the_servers_message_and_a_real_one_is_added() {
        loggedIn("/fields");
        awaitSelect("mode-Lead-Title");
        new Select(byId("add-object")).selectByVisibleText("Account");
        byId("add-salesforce-field").sendKeys("NoSuchField__c");
        byId("add-conversion-field").sendKeys("attributes.nothing", Keys.ENTER);   // submitted by keyboard
        assertThat(awaitText("add-status", "Not added")).contains("Account has no field NoSuchField__c");
        assertThat(mode("Account", "NoSuchField__c")).isNull();

        String field = "Band" + UUID.randomUUID().toString().substring(0, 6) + "__c";
        SALESFORCE.org().addCustomField("Contact", field, "string", 40, "Band");
        new Select(byId("add-object")).selectByVisibleText("Contact");
        byId("add-salesforce-field").clear();
        byId("add-salesforce-field").sendKeys(field);
        byId("add-conversion-field").clear();
        byId("add-conversion-field").sendKeys("attributes.band");
        new Select(byId("add-mode")).selectByValue("ALWAYS_CONVERSION");
        browser.findElement(By.cssSelector("#add-mapping button[type=submit]")).click();

        awaitText("add-status", "Added: Contact " + field);
        assertThat(mode("Contact", field)).isEqualTo("ALWAYS_CONVERSION");
        assertThat(new Select(awaitSelect("mode-Contact-" + field)).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("ALWAYS_CONVERSION");
    }

    @Test
    void the_provenance_of_a_contacts_fields_is_shown_on_request() {
        String email = "provenance-" + UUID.randomUUID().toString().substring(0, 8) + "@ui.example";
        SALESFORCE.org().create("Lead", lead(email));
        await().atMost(WAIT).until(() -> contacts.findByEmail(email), Optional::isPresent);
        loggedIn("/fields");

        byId("provenance-email").sendKeys(email, Keys.ENTER);

        awaitText("provenance-status", "mapped fields");
        String table = byId("provenance").getText();
        assertThat(table).contains("Lead FirstName firstName").contains("Grace").contains("salesforce");
        byId("provenance-email").clear();
        byId("provenance-email").sendKeys("nobody-" + UUID.randomUUID() + "@nowhere.example", Keys.ENTER);
        awaitText("provenance-status", "No contact with email");
    }

    @Test
    void the_page_loads_without_console_errors_fits_phone_width_and_fetches_nothing_from_outside() throws Exception {
        loggedIn("/fields");
        awaitSelect("mode-Account-Name");
        screenshot("fields");
        consoleErrors();
        for (Dimension size : new Dimension[] {new Dimension(1280, 1000), new Dimension(390, 844)}) {
            browser.manage().window().setSize(size);
            open("/fields");
            awaitSelect("mode-Lead-Title");
            awaitText("history", "");
            assertThat(consoleErrors()).as("console at %s", size).isEmpty();
            Object overflow = js("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue()).as("horizontal overflow at %s: %s", size, js(WIDEST))
                    .isLessThanOrEqualTo(0);
            Object external = js("return performance.getEntriesByType('resource').map(e => e.name)"
                    + ".filter(n => !n.startsWith(location.origin)).length");
            assertThat(((Number) external).intValue()).isZero();
        }
        assertThat(browser.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Fields");
    }

    /** Names the elements wider than the window (for the message of a failed overflow check). */
    private static final String WIDEST = "return Array.from(document.querySelectorAll('main *'))"
            + ".filter(e => e.getBoundingClientRect().right > window.innerWidth && !e.closest('.table-wrap'))"
            + ".slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ')";

    private org.openqa.selenium.WebElement awaitSelect(String id) {
        waiting().until(d -> !d.findElements(By.id(id)).isEmpty());
        return byId(id);
    }

    /** The mode the API answers for a mapping, null when it is not mapped. */
    private String mode(String object, String salesforceField) {
        JsonNode all = rest.withBasicAuth("admin", ADMIN_PASSWORD).getForObject("/api/settings/fields", JsonNode.class);
        return StreamSupport.stream(all.spliterator(), false)
                .filter(m -> m.path("object").asText().equals(object)
                        && m.path("salesforceField").asText().equals(salesforceField))
                .map(m -> m.path("mode").asText()).findFirst().orElse(null);
    }
}
