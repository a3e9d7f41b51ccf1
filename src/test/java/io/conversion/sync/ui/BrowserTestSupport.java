package io.conversion.sync.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.conversion.sync.SyncTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The pages in a real browser: headless Chromium from the OS packages (chromium, chromium-driver), one browser per test
 * class with a fresh profile, against the whole service booted like every other test. Tagged "browser" (inherited):
 * CI's PostgreSQL run leaves them out (.ci/run).
 */
@org.junit.jupiter.api.Tag("browser")
abstract class BrowserTestSupport extends SyncTestSupport {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static final String BROWSER = "/usr/lib/chromium/chromium";

    static WebDriver browser;
    private static Path profile;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        System.setProperty("webdriver.chrome.driver", DRIVER);
        profile = Files.createTempDirectory("ui-test-chromium");
        ChromeOptions options = new ChromeOptions();
        if (Files.isExecutable(Path.of(BROWSER))) {
            options.setBinary(BROWSER);
        }
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of(DRIVER).toFile())
                .build(), options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void open(String path) {
        browser.get(url(path));
    }

    /** Logs in through the login page (if the browser is not logged in yet) and lands on {@code path}. */
    void loggedIn(String path) {
        open(path);
        if (browser.getCurrentUrl().contains("/login")) {
            logIn("admin", ADMIN_PASSWORD);
            open(path);
        }
        // Spring Security marks the page it sends a fresh login back to with "continue" (its saved request); the
        // page is the same.
        assertThat(browser.getCurrentUrl().replaceFirst("[?&]continue$", "")).endsWith(path);
    }

    void logIn(String user, String password) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    /** Waits until the element's text contains {@code text}; returns the whole text. */
    String awaitText(String id, String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
        return byId(id).getText();
    }

    /** Browser console entries at SEVERE level since the last call (the log is drained on read). */
    static List<LogEntry> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** Saves a PNG under target/screenshots (the README's are copied from there into docs/). */
    static void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Runs {@code script} in the page and returns its result (used to check layout, never to drive the page). */
    static Object js(String script) {
        return ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(script);
    }

    static Map<String, Object> lead(String email) {
        return Map.of("FirstName", "Grace", "LastName", "Hopper", "Company", "Navy", "Email", email);
    }
}
