package dev.slipway.apiserver.console;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/**
 * Headless Chromium driven by Selenium, from Debian's {@code chromium} and {@code chromium-driver}
 * (hack/prerequisites.sh installs them): no driver is downloaded. A missing browser fails the test
 * that needs it, saying what to install.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final URI base;

    private Browser(ChromeDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /** A fresh browser (no cookies) at a window {@code width} pixels wide, for the server at {@code base}. */
    public static Browser open(URI base, int width) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("the console's browser tests need " + CHROMIUM + " and " + DRIVER
                    + ": apt-get install chromium chromium-driver (hack/prerequisites.sh does)");
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // Root in CI runs the browser: Chromium's own sandbox needs user namespaces it may not have.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + ",900", "--force-device-scale-factor=1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, 900));
        return new Browser(driver, base);
    }

    public Browser go(String path) {
        driver.get(base.resolve(path).toString());
        return this;
    }

    public String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    public String query() {
        return URI.create(driver.getCurrentUrl()).getQuery();
    }

    public Browser signIn(String token) {
        go("/ui/sign-in");
        find("#token").sendKeys(token);
        return submit("form[action='/ui/sign-in'] button");
    }

    /**
     * Clicks a form's button and waits for the page that answers it: a click returns before the
     * navigation it starts, and the next step must not race it.
     */
    public Browser submit(String buttonCss) {
        WebElement button = live(() -> {
            WebElement found = find(buttonCss);
            found.click();
            return found;
        });
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> gone(button));
        return this;
    }

    /**
     * Whether the page that held {@code element} has been replaced. Chromium reports a node of a page
     * being torn down either as stale or as an unknown error ("Node with given id does not belong to
     * the document"), which {@code ExpectedConditions.stalenessOf} does not take for staleness.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (WebDriverException replaced) {
            return true;
        }
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * Types into the field {@code css} finds, found again if the page's live part replaced it, once it
     * takes input (a page just loaded may not have laid it out yet).
     */
    public Browser type(String css, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(ElementNotInteractableException.class)
                .ignoring(StaleElementReferenceException.class).until(d -> {
                    WebElement field = find(css);
                    field.clear();
                    field.sendKeys(text);
                    return true;
                });
        return this;
    }

    /** The text of the element {@code css} finds, read again if the page's live part replaced it meanwhile. */
    public String text(String css) {
        return live(() -> find(css).getText());
    }

    /** Whether the element {@code css} finds is displayed, asked again if the page's live part replaced it. */
    public boolean displayed(String css) {
        return live(() -> find(css).isDisplayed());
    }

    public String attribute(String css, String name) {
        return live(() -> find(css).getAttribute(name));
    }

    private static <T> T live(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String source() {
        return driver.getPageSource();
    }

    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** The session cookie's value, to send a request as this browser would. */
    public String sessionCookie() {
        Cookie cookie = driver.manage().getCookieNamed(Console.SESSION_COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    public Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /** The page's console messages since the last call (errors of scripts, CSP violations...). */
    public List<LogEntry> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** The whole page as PNG into {@code file}, taller than the window when the page is. */
    public void screenshot(Path file) {
        Number height = (Number) script("return document.documentElement.scrollHeight");
        Dimension window = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(window.getWidth(), Math.min(4000, height.intValue() + 100)));
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.createDirectories(file.getParent());
            Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
