package com.iamonboarding.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.local.Poll;
import com.iamonboarding.local.cli.PlayTheHire;
import com.iamonboarding.local.support.ApiTranscript;
import com.iamonboarding.local.support.Leftovers;
import com.iamonboarding.local.support.Onboardings;
import com.iamonboarding.local.support.QrCodes;
import com.iamonboarding.local.support.RawHistory;
import com.iamonboarding.local.support.Requests;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.mfa.Totp;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.iam.model.MFADevice;

/**
 * The enrolment page in a real browser: Debian's headless Chromium, driven through chromedriver by
 * Selenium, opens the link of the invitation e-mail the local stack captured, and the test acts as
 * the hire: it decodes the QR code from a screenshot of what the page shows (not from the page's
 * data), computes two codes, types a wrong pair and then the right one with a password, and
 * checks in the emulator what that did. A used, a voided and an expired link show their refusal.
 * Each page state is kept as a screenshot under local/target/browser/. Without Chromium or
 * chromedriver the test fails, naming the packages (bin/test installs them).
 */
class EnrolmentPageBrowserE2ETest {

    /** Where Debian puts them; bin/install-browser reads the same variables. */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("IAMONBOARDING_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("IAMONBOARDING_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "browser");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    private static WebDriver browser;

    @BeforeAll
    static void startTheBrowser() throws IOException {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertTrue(Files.isExecutable(needed), needed + " is missing: the browser test needs Debian's chromium and"
                    + " chromium-driver packages (sudo apt-get install -y chromium chromium-driver; bin/test installs them with bin/install-browser)");
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=900,1400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theHireEnrolsOnThePageWithAWrongCodeFirstAndNothingSecretIsLeftAnywhere() throws Exception {
        int printedBefore = SharedStack.printed().length();
        String user = Requests.userName("browser");
        int mark = SharedStack.get().mailbox().mark();
        ApiTranscript api = new ApiTranscript();
        ApiTranscript.Answer accepted = api.start(SelfServiceE2ETest.selfServiceRequest(user), Map.of());
        assertEquals(202, accepted.status(), accepted::toString);
        String onboardingId = accepted.json().path("onboardingId").asText();
        String link = new PlayTheHire(SharedStack.get(), Clock.systemUTC()).invitationLink(user + "@example.com", mark, Onboardings.TIMEOUT);
        String token = link.substring(link.indexOf('#') + 1);

        open(link);
        WebElement qr = waitVisible(By.id("qr"));
        waitUntil(() -> Boolean.TRUE.equals(((JavascriptExecutor) browser)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", qr)), "the QR code to load");
        assertEquals(user, browser.findElement(By.id("user")).getText());
        screenshot("1-scan-the-code");
        // What a phone's camera would read: the pixels the page shows.
        String otpauth = QrCodes.decodeFromScreen(qr.getScreenshotAs(OutputType.BYTES), "the QR code on the page");
        String secret = query(otpauth).get("secret");
        assertEquals(secret, browser.findElement(By.id("secret")).getText(), "the key for manual entry is the QR code's");
        Totp totp = Totp.fromBase32(secret, Totp.AWS_DIGITS);
        String password = "Browser-" + Long.toHexString(System.nanoTime()) + "!7b";

        long now = Totp.counterAt(Instant.now());
        fill(totp.code(now - 20), totp.code(now - 19), password);
        WebElement message = waitForText(By.id("message"), "not accepted");
        assertTrue(message.getText().contains("4 attempts left"), message.getText());
        screenshot("2-wrong-code");

        now = Totp.counterAt(Instant.now());
        fill(totp.code(now - 1), totp.code(now), password);
        waitVisible(By.id("done"));
        assertEquals(user, browser.findElement(By.id("doneUser")).getText());
        assertTrue(browser.findElement(By.id("readKey")).getText().contains("iam-onboarding/" + user + "/access-key"));
        screenshot("3-enrolled");

        JsonNode finished = Poll.until(onboardingId + " to succeed", Onboardings.TIMEOUT, () -> {
            JsonNode status = api.status(onboardingId).json();
            return status.path("status").asText().matches("SUCCEEDED|FAILED") ? Optional.of(status) : Optional.empty();
        });
        assertEquals("SUCCEEDED", finished.path("status").asText(), finished.toString());
        List<MFADevice> devices = SharedStack.iam().listMFADevices(b -> b.userName(user)).mfaDevices();
        assertEquals(List.of("arn:aws:iam::123456789012:mfa/" + user), devices.stream().map(MFADevice::serialNumber).toList(),
                "the device is enabled for the hire");
        assertFalse(SharedStack.iam().getLoginProfile(b -> b.userName(user)).loginProfile().passwordResetRequired());
        assertEquals(List.of("USED"), SelfServiceE2ETest.invitationStatuses(onboardingId));

        Map<String, String> haystacks = new LinkedHashMap<>();
        String execution = SharedStack.get().stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + onboardingId;
        haystacks.put("the execution history", RawHistory.of(execution));
        haystacks.put("the logs", SharedStack.printed().substring(printedBefore));
        for (String table : List.of("StatusTable", "InvitationTable", "StepLeaseTable")) {
            String name = SharedStack.get().resources().get(table).orElseThrow().ref();
            haystacks.put("DynamoDB " + table, SharedStack.get().clients().dynamoDb().scanPaginator(b -> b.tableName(name)).items()
                    .stream().map(Object::toString).collect(Collectors.joining("\n")));
        }
        haystacks.put("Secrets Manager", SharedStack.secrets().listSecrets(b -> b.filters(f -> f.key("name").values("iam-onboarding/" + user)))
                .secretList().stream().map(s -> s.name() + "=" + SharedStack.secrets().getSecretValue(b -> b.secretId(s.arn())).secretString())
                .collect(Collectors.joining("\n")));
        haystacks.put("S3", SharedStack.s3().listObjectsV2(b -> b.bucket(Leftovers.qrBucket()).prefix("mfa/" + user + "/")).contents()
                .stream().map(o -> SharedStack.s3().getObjectAsBytes(b -> b.bucket(Leftovers.qrBucket()).key(o.key())).asUtf8String())
                .collect(Collectors.joining("\n")));
        assertTrue(haystacks.get("Secrets Manager").contains("access-key"), "the hire's access key secret is searched");
        assertTrue(haystacks.get("the logs").contains(user), "the logs of this onboarding are searched");
        List<String> leaks = new ArrayList<>();
        Map.of("the seed", secret, "the token", token, "the password", password).forEach((what, needle) -> haystacks.forEach((where, text) -> {
            if (text.contains(needle)) {
                leaks.add(what + " in " + where);
            }
        }));
        assertEquals(List.of(), leaks);

        // The link works once.
        open(link);
        assertTrue(waitForText(By.id("message"), "").getText().length() > 0);
        screenshot("4-used-link");
        assertFalse(browser.findElement(By.id("enrol")).isDisplayed(), "a used link shows no form");
    }

    @Test
    void aVoidedAndAnExpiredLinkShowTheirRefusalAndNoForm() throws Exception {
        String user = Requests.userName("browser-resend");
        String email = user + "@example.com";
        int mark = SharedStack.get().mailbox().mark();
        ApiTranscript.Answer accepted = new ApiTranscript().start(SelfServiceE2ETest.selfServiceRequest(user), Map.of());
        assertEquals(202, accepted.status(), accepted::toString);
        String onboardingId = accepted.json().path("onboardingId").asText();
        PlayTheHire hire = new PlayTheHire(SharedStack.get(), Clock.systemUTC());
        String first = hire.invitationLink(email, mark, Onboardings.TIMEOUT);
        Poll.until(onboardingId + " to wait for its hire", Onboardings.TIMEOUT, () -> "WAITING_FOR_HIRE".equals(
                new ApiTranscript().status(onboardingId).json().path("status").asText()) ? Optional.of(true) : Optional.empty());
        int beforeResend = SharedStack.get().mailbox().mark();
        SelfServiceE2ETest.Answer resent = SelfServiceE2ETest.post("/onboardings/" + onboardingId + "/invitation", null);
        assertEquals(202, resent.status(), resent::toString);
        String second = hire.invitationLink(email, beforeResend, Onboardings.TIMEOUT);

        open(first);
        WebElement voided = waitForText(By.id("message"), "");
        assertFalse(browser.findElement(By.id("enrol")).isDisplayed(), "a voided link shows no form");
        screenshot("5-voided-link");
        assertFalse(voided.getText().isBlank());

        String table = SharedStack.get().resources().get("InvitationTable").orElseThrow().ref();
        SharedStack.get().clients().dynamoDb().updateItem(b -> b.tableName(table)
                .key(Map.of("tokenHash", AttributeValue.fromS(SelfServiceE2ETest.sha256(second.substring(second.indexOf('#') + 1)))))
                .updateExpression("SET expiresAt = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromS(Instant.now().minusSeconds(1).toString()))));
        open(second);
        WebElement expired = waitForText(By.id("message"), "expired");
        assertFalse(browser.findElement(By.id("enrol")).isDisplayed(), "an expired link shows no form");
        screenshot("6-expired-link");
        assertTrue(expired.getText().contains("new one"), expired.getText());
        SharedStack.sfn().stopExecution(b -> b.executionArn(accepted.json().path("executionArn").asText()).error("TestDone"));
    }

    /** A fresh load: the page reads its token once, so a link that differs only after # must not be a same-page jump. */
    private static void open(String link) {
        browser.get("about:blank");
        browser.get(link);
    }

    private static void fill(String code1, String code2, String password) {
        for (Map.Entry<String, String> field : Map.of("code1", code1, "code2", code2, "password", password, "password2", password).entrySet()) {
            WebElement input = browser.findElement(By.id(field.getKey()));
            input.clear();
            input.sendKeys(field.getValue());
        }
        browser.findElement(By.id("submit")).click();
    }

    private static WebElement waitVisible(By what) {
        return new WebDriverWait(browser, PAGE_WAIT).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private static WebElement waitForText(By what, String text) {
        new WebDriverWait(browser, PAGE_WAIT).until(d -> {
            WebElement element = d.findElement(what);
            return element.isDisplayed() && !element.getText().isBlank() && element.getText().contains(text)
                    && !element.getText().startsWith("Checking");
        });
        return browser.findElement(what);
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        new WebDriverWait(browser, PAGE_WAIT).withMessage(what).until(d -> condition.getAsBoolean());
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static Map<String, String> query(String uri) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : URI.create(uri).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
