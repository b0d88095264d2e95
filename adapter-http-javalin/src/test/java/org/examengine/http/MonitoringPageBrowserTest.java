package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.http.BrowserTestBed.await;
import static org.examengine.http.BrowserTestBed.js;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.ExtendTimeCommand;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The HC monitoring page, next to a worker's exam page, in real browsers against a real server. */
class MonitoringPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private BrowserTestBed bed;

    @BeforeAll
    static void browserInstalled() {
        BrowserTestBed.assumeBrowserInstalled();
    }

    @BeforeEach
    void setUp() {
        bed = new BrowserTestBed(3).schedule(6, 3, 30);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private String monitorPath() {
        return "/assessments/" + bed.assessmentId.value() + "/monitor";
    }

    private ChromeDriver openMonitor() {
        ChromeDriver hc = bed.browser();
        bed.login(hc, bed.hcToken, monitorPath());
        await(hc, WAIT).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "connected"));
        return hc;
    }

    /**
     * A monitoring page whose socket stays open but whose messages are dropped while {@code window.muted} is true:
     * the page shows what it last heard, as when a message was lost on the way.
     */
    private ChromeDriver openMutableMonitor() {
        ChromeDriver hc = bed.browser();
        hc.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                const RealWebSocket = window.WebSocket;
                window.WebSocket = class extends RealWebSocket {
                  set onmessage(f) {
                    super.onmessage = f ? (e) => { if (!window.muted) f(e); } : null;
                  }
                  get onmessage() { return super.onmessage; }
                };"""));
        bed.login(hc, bed.hcToken, monitorPath());
        await(hc, WAIT).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "connected"));
        return hc;
    }

    private ChromeDriver openExam(int worker) {
        ChromeDriver driver = bed.browser();
        bed.login(driver, bed.worker(worker), "/exam/" + bed.sid(worker).value());
        await(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#questions fieldset")));
        return driver;
    }

    private static By cell(String sessionId, String column) {
        return By.cssSelector("tr[data-session-id='" + sessionId + "'] [data-col='" + column + "']");
    }

    @Test
    void hcLandsOnTheAssessmentListWhoseFiltersFindTheGroupAndLeadToItsMonitoringPage() {
        ChromeDriver hc = bed.browser();
        hc.get(bed.base() + "/login");
        await(hc, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("token"))).sendKeys(bed.hcToken);
        hc.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        await(hc, WAIT).until(ExpectedConditions.urlToBe(bed.base() + "/assessments"));
        By row = By.cssSelector("tr[data-assessment-id='" + bed.assessmentId.value() + "']");
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(row));

        new Select(hc.findElement(By.id("f-status"))).selectByValue("Closed");
        hc.findElement(By.cssSelector("#filters button[type=submit]")).click();
        await(hc, WAIT).until(ExpectedConditions.textToBe(By.id("result-count"),
                "No assessment matches this search."));
        assertThat(hc.getCurrentUrl()).endsWith("?status=Closed");

        // A date range ending before it starts is caught in the page, on the field at fault.
        new Select(hc.findElement(By.id("f-status"))).selectByValue("");
        js(hc, "document.getElementById('f-from').value = '2026-06-01'; document.getElementById('f-to').value = "
                + "'2026-01-01'");
        hc.findElement(By.cssSelector("#filters button[type=submit]")).click();
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("list-error")));
        assertThat(hc.findElement(By.id("list-error")).getText()).startsWith("The end date is before the start date");
        assertThat(hc.findElement(By.id("f-to")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(js(hc, "return document.activeElement.id")).isEqualTo("f-to");
        js(hc, "document.getElementById('f-from').value = ''; document.getElementById('f-to').value = ''");

        new Select(hc.findElement(By.id("f-status"))).selectByValue("Open");
        hc.findElement(By.id("f-title")).sendKeys("forklift");
        hc.findElement(By.cssSelector("#filters button[type=submit]")).click();
        await(hc, WAIT).until(ExpectedConditions.textToBe(By.id("result-count"), "1 assessment"));
        hc.findElement(row).findElement(By.tagName("a")).click();
        await(hc, WAIT).until(ExpectedConditions.urlToBe(bed.base() + monitorPath()));
        await(hc, WAIT).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "connected"));
        assertThat(hc.findElements(By.cssSelector("#session-rows tr[data-session-id]"))).hasSize(3);
    }

    @Test
    void theMonitoringPageShowsAWorkersProgressInPlaceWithoutAReload() {
        ChromeDriver hc = openMonitor();
        String sid = bed.sid(1).value();
        WebElement row = hc.findElement(By.cssSelector("tr[data-session-id='" + sid + "']"));
        assertThat(hc.findElement(cell(sid, "progress")).getText()).isEqualTo("0/6");
        js(hc, "window.sameDocument = true");

        ChromeDriver worker = openExam(1);
        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "In progress"));
        worker.findElements(By.cssSelector("#questions label.option")).get(1).click();
        worker.findElements(By.cssSelector("#questions fieldset")).get(1).findElements(By.cssSelector("label.option"))
                .get(0).click();

        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "progress"), "2/6"));
        assertThat(js(hc, "return window.sameDocument === true")).isEqualTo(true);
        // The very same row element was updated, not a re-rendered table.
        assertThat(row.getAttribute("data-session-id")).isEqualTo(sid);
        assertThat(hc.findElement(By.cssSelector("[data-count='InProgress']")).getText()).isEqualTo("1");
        assertThat(hc.findElement(By.id("last-updated")).getText()).matches("\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void lastUpdatedKeepsAdvancingWhileLiveWithAQuietGroup() {
        ChromeDriver hc = openMonitor();
        String first = hc.findElement(By.id("last-updated")).getText();
        assertThat(first).matches("\\d\\d:\\d\\d:\\d\\d");

        // Nothing changes in the group; the page still confirms, at least every ~10 s, that what it shows is current.
        await(hc, Duration.ofSeconds(15)).until(d -> !d.findElement(By.id("last-updated")).getText().equals(first));
        assertThat(hc.findElement(By.id("connection")).getAttribute("data-state")).isEqualTo("connected");
    }

    @Test
    void aForceCloseByHcReachesTheWorkersPageByPushAtOnce() {
        ChromeDriver worker = openExam(1);
        ChromeDriver hc = openMonitor();
        String sid = bed.sid(1).value();
        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "In progress"));

        hc.findElement(By.cssSelector("tr[data-session-id='" + sid + "'] button[data-action='force-close']")).click();
        await(hc, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-dialog-confirm]"))).click();
        long clicked = System.nanoTime();

        // The status poll runs every 10 s and the heartbeat every 30 s: only the push gets there this fast.
        await(worker, Duration.ofSeconds(8)).until(ExpectedConditions.attributeToBe(By.id("screen"), "data-screen",
                "closed"));
        long millis = (System.nanoTime() - clicked) / 1_000_000;
        assertThat(millis).isLessThan(8_000);
        assertThat(worker.findElement(By.id("screen-title")).getText()).contains("closed by the supervisor");
        assertThat(worker.findElement(By.id("exam")).isDisplayed()).isFalse();
        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "Completed"));
        assertThat(hc.findElement(By.cssSelector("tr[data-session-id='" + sid + "'] a[data-action='view-results']"))
                .getAttribute("target")).isEqualTo("_blank");
    }

    @Test
    void aResetReopensAClosedGroupAndItsRowIsLiveAgain() {
        for (int n = 1; n <= 3; n++) {
            bed.engine.forceClose().forceClose(new SessionCommand(Actor.hc("hc-1"), bed.sid(n)));
        }
        // Every session has ended, so the group is Closed; but a Reset can reopen it, so the page keeps listening.
        ChromeDriver hc = openMonitor();
        assertThat(hc.findElement(By.id("connection")).getText()).contains("a Reset can still reopen the group");
        String sid = bed.sid(1).value();

        hc.findElement(By.cssSelector("tr[data-session-id='" + sid + "'] button[data-action='reset']")).click();
        await(hc, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-dialog-confirm]"))).click();
        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "Not started"));
        await(hc, WAIT).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "connected"));

        // The worker starts the new attempt: the row follows without a reload.
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-1"), bed.sid(1)));
        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "In progress"));
    }

    @Test
    void aSecondHcPageFollowsAResetMadeOnAnotherPageOfAGroupWhoseSessionsHadAllEnded() {
        for (int n = 1; n <= 3; n++) {
            bed.engine.forceClose().forceClose(new SessionCommand(Actor.hc("hc-1"), bed.sid(n)));
        }
        ChromeDriver first = openMonitor();
        ChromeDriver second = openMonitor();
        String sid = bed.sid(1).value();

        first.findElement(By.cssSelector("tr[data-session-id='" + sid + "'] button[data-action='reset']")).click();
        await(first, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-dialog-confirm]")))
                .click();
        await(first, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "Not started"));

        // The other page was not frozen on "Closed": it shows the reset row and the reopened group.
        await(second, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "Not started"));
        await(second, WAIT).until(ExpectedConditions.textToBe(By.cssSelector("#assessment-meta .badge"), "Open"));
        assertThat(second.findElement(By.id("connection")).getAttribute("data-state")).isEqualTo("connected");
        assertThat(second.findElements(By.cssSelector("tr[data-session-id='" + sid + "'] button[data-action='reset']")))
                .isEmpty();
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-1"), bed.sid(1)));
        await(second, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "In progress"));
    }

    @Test
    void anActionTheServerRefusesBringsTheRowUpToDate() {
        ChromeDriver hc = openMutableMonitor();
        String sid = bed.sid(1).value();
        js(hc, "window.muted = true");
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-1"), bed.sid(1)));
        assertThat(hc.findElement(cell(sid, "status")).getText()).isEqualTo("Not started");

        // The page still offers Reshuffle, which the server refuses for a started session.
        hc.findElement(By.cssSelector("tr[data-session-id='" + sid + "'] button[data-action='reshuffle']")).click();

        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "In progress"));
        assertThat(hc.findElement(By.cssSelector("tr[data-session-id='" + sid + "'] button[data-action='reshuffle']"))
                .isEnabled()).isFalse();
    }

    @Test
    void aConfirmationWhoseRowChangesUnderItClosesWithoutActingAndSaysWhy() {
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-2"), bed.sid(2)));
        ChromeDriver hc = openMonitor();
        String sid = bed.sid(1).value();
        hc.findElement(By.cssSelector("tr[data-session-id='" + sid + "'] button[data-action='force-close']")).click();
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(hc.findElement(By.cssSelector("[data-dialog-message]")).getText()).contains("marked Abandoned");

        // The worker starts meanwhile: confirming would now close a running exam, which the dialog did not say.
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-1"), bed.sid(1)));

        await(hc, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(hc.findElement(By.id("notice-text")).getText())
                .isEqualTo("Ayu Lestari started meanwhile; nothing was done.");
        assertThat(hc.findElement(cell(sid, "status")).getText()).isEqualTo("In progress");
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.IN_PROGRESS);

        // Extend time, while another HC adds time to the same worker.
        String other = bed.sid(2).value();
        hc.findElement(By.id("notice-dismiss")).click();
        hc.findElement(By.cssSelector("tr[data-session-id='" + other + "'] button[data-action='extend']")).click();
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        bed.engine.extendTime().extendTime(new ExtendTimeCommand(Actor.hc("hc-2"), bed.sid(2), 15));
        await(hc, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        await(hc, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice-text"),
                "Time was added to Budi Santoso's exam meanwhile; nothing was done."));
        assertThat(bed.storage.sessions().findById(bed.sid(2)).orElseThrow().extraTimeSeconds()).isEqualTo(900);
    }

    @Test
    void theOutcomeOfAnActionOnARowFarDownIsShownOnScreenNamingTheWorker() {
        bed.close();
        bed = new BrowserTestBed(30).schedule(6, 3, 30);
        ChromeDriver hc = openMutableMonitor();
        String last = bed.sid(30).value();
        js(hc, "window.muted = true");
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-30"), bed.sid(30)));

        WebElement reshuffle = hc.findElement(By.cssSelector("tr[data-session-id='" + last
                + "'] button[data-action='reshuffle']"));
        js(hc, "arguments[0].scrollIntoView({block: 'end'})", reshuffle);
        reshuffle.click();

        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(hc.findElement(By.id("notice")).getAttribute("data-kind")).isEqualTo("error");
        assertThat(hc.findElement(By.id("notice-text")).getText()).isEqualTo("Reshuffle for Worker 30 was not done: "
                + "Worker 30 has already started, so the questions can no longer be reshuffled. (ALREADY_STARTED) "
                + "The row now shows the current state.");
        assertThat(inViewport(hc, By.id("notice"))).as("the notice is where the operator is").isTrue();
        assertThat(hc.findElement(By.id("action-alert")).getAttribute("textContent")).contains("Worker 30");
        hc.findElement(By.id("notice-dismiss")).click();
        await(hc, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("notice")));

        // A success is shown there too.
        js(hc, "window.muted = false");
        String before = bed.sid(29).value();
        hc.findElement(By.cssSelector("tr[data-session-id='" + before + "'] button[data-action='force-close']"))
                .click();
        await(hc, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-dialog-confirm]"))).click();
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(hc.findElement(By.id("notice-text")).getText()).isEqualTo("Worker 29: closed. Status Abandoned.");
        assertThat(inViewport(hc, By.id("notice"))).isTrue();
    }

    private static boolean inViewport(ChromeDriver driver, By locator) {
        return (Boolean) js(driver, "const r = arguments[0].getBoundingClientRect();"
                + " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;", driver.findElement(locator));
    }

    @Test
    void rowsShowTheTimeHcAddedAndHowLongAnOfflineWorkerHasBeenSilentAndTheSummaryCountsOfflineWorkers() {
        bed.close();
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        bed = new BrowserTestBed(3, clock).schedule(6, 3, 30);
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-1"), bed.sid(1)));
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-2"), bed.sid(2)));
        bed.engine.extendTime().extendTime(new ExtendTimeCommand(Actor.hc("hc-2"), bed.sid(1), 15));
        bed.engine.heartbeat().heartbeat(new SessionCommand(Actor.worker("w-2"), bed.sid(2)));
        clock.advanceSeconds(200);
        bed.engine.heartbeat().heartbeat(new SessionCommand(Actor.worker("w-1"), bed.sid(1)));
        ChromeDriver hc = openMonitor();

        String extended = bed.sid(1).value();
        String silent = bed.sid(2).value();
        assertThat(hc.findElement(cell(extended, "remaining")).getText()).endsWith("+15 min added");
        assertThat(hc.findElement(cell(extended, "status")).getText()).isEqualTo("In progress");
        assertThat(hc.findElement(cell(silent, "status")).getText())
                .isEqualTo("In progress offline · last seen 3 min ago");
        assertThat(hc.findElement(cell(silent, "remaining")).getText()).doesNotContain("added");
        assertThat(hc.findElement(By.cssSelector("[data-count='offline']")).getText()).isEqualTo("1");
        assertThat(hc.findElement(By.cssSelector("[data-count='InProgress']")).getText()).isEqualTo("2");
        assertThat(hc.findElement(By.cssSelector("[data-count='Upcoming']")).isDisplayed()).isFalse();

        // The Extend dialog says how much was already added, so a second HC does not add it again unknowingly.
        hc.findElement(By.cssSelector("tr[data-session-id='" + extended + "'] button[data-action='extend']")).click();
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(hc.findElement(By.cssSelector("[data-dialog-message]")).getText())
                .isEqualTo("Add time to Ayu Lestari's exam. 15 min was already added to this attempt.");
        hc.findElement(By.cssSelector("[data-dialog-confirm]")).click();
        await(hc, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(cell(extended, "remaining"),
                "+25 min added"));
        assertThat(hc.findElement(By.id("notice-text")).getText())
                .isEqualTo("Ayu Lestari: given 10 more minutes (25 min added in all). Status In progress.");
    }

    @Test
    void theSummaryCountsWorkersOfAGroupNotOpenYetAsUpcoming() {
        bed.close();
        bed = new BrowserTestBed(2);
        bed.engine.importPackage().importPackage(SampleExam.packageCommand(BrowserTestBed.ROOT, "pkg-1", 6));
        bed.schedule(Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS), 3, 30);
        ChromeDriver hc = openMonitor();
        assertThat(hc.findElement(By.cssSelector("[data-count='Upcoming']")).getText()).isEqualTo("2");
        assertThat(hc.findElement(By.cssSelector("[data-count='NotStarted']")).getText()).isEqualTo("0");
    }

    @Test
    void theFiltersFindWorkersByNameAndStatusWhileHiddenRowsKeepUpdating() {
        ChromeDriver hc = openMonitor();
        String ayu = bed.sid(1).value();
        String budi = bed.sid(2).value();
        By shown = By.cssSelector("#session-rows tr[data-session-id]:not([hidden])");
        assertThat(hc.findElement(By.cssSelector("label[for='filter-name']")).getText()).isEqualTo("Name");
        assertThat(hc.findElement(By.cssSelector("label[for='filter-status']")).getText()).isEqualTo("Status");

        WebElement name = hc.findElement(By.id("filter-name"));
        name.sendKeys("BUDI");
        await(hc, WAIT).until(ExpectedConditions.numberOfElementsToBe(shown, 1));
        assertThat(hc.findElement(shown).getAttribute("data-session-id")).isEqualTo(budi);
        assertThat(hc.findElement(By.id("filter-count")).getText()).isEqualTo("Showing 1 of 3 workers");

        // A hidden row is still updated in place.
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-1"), bed.sid(1)));
        await(hc, WAIT).until(d -> "In progress".equals(
                d.findElement(cell(ayu, "status")).getAttribute("textContent")));
        assertThat(hc.findElement(By.cssSelector("tr[data-session-id='" + ayu + "']")).isDisplayed()).isFalse();

        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        await(hc, WAIT).until(ExpectedConditions.numberOfElementsToBe(shown, 3));
        assertThat(hc.findElement(By.id("filter-count")).getText()).isEmpty();

        // By status, with the keyboard; a row joins the filter when its status comes to match.
        WebElement status = hc.findElement(By.id("filter-status"));
        new Select(status).selectByValue("InProgress");
        await(hc, WAIT).until(ExpectedConditions.numberOfElementsToBe(shown, 1));
        assertThat(hc.findElement(shown).getAttribute("data-session-id")).isEqualTo(ayu);
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-2"), bed.sid(2)));
        await(hc, WAIT).until(ExpectedConditions.numberOfElementsToBe(shown, 2));
        new Select(status).selectByValue("NotStarted");
        await(hc, WAIT).until(ExpectedConditions.numberOfElementsToBe(shown, 1));
        assertThat(hc.findElement(shown).getAttribute("data-session-id")).isEqualTo(bed.sid(3).value());
    }

    @Test
    void theColumnHeadingsAndTheLiveLineStayInViewWhenScrollingALongList() {
        bed.close();
        bed = new BrowserTestBed(40).schedule(6, 3, 30);
        ChromeDriver hc = openMonitor();
        js(hc, "window.scrollTo(0, document.body.scrollHeight)");
        await(hc, WAIT).until(d -> ((Number) js(hc, "return window.scrollY")).intValue() > 500);

        assertThat(inViewport(hc, By.id("connection"))).as("the live line").isTrue();
        assertThat(inViewport(hc, By.id("filter-name"))).as("the filters").isTrue();
        assertThat(inViewport(hc, By.cssSelector(".monitor-table thead th"))).as("the column headings").isTrue();
        // The headings sit below the live line, not under it.
        Number headingTop = (Number) js(hc,
                "return document.querySelector('.monitor-table thead th').getBoundingClientRect().top");
        Number barBottom = (Number) js(hc,
                "return document.getElementById('monitor-bar').getBoundingClientRect().bottom");
        assertThat(headingTop.doubleValue()).isGreaterThanOrEqualTo(barBottom.doubleValue() - 1);
    }

    @Test
    void dangerousConfirmationsStartOnCancelAndCloseEarlySaysWhatItWillEnd() {
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-1"), bed.sid(1)));
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-2"), bed.sid(2)));
        bed.engine.pauseSession().pauseSession(new SessionCommand(Actor.hc("hc-1"), bed.sid(2)));
        ChromeDriver hc = openMonitor();
        String sid = bed.sid(1).value();

        hc.findElement(By.cssSelector("tr[data-session-id='" + sid + "'] button[data-action='force-close']")).click();
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(js(hc, "return document.activeElement.hasAttribute('data-dialog-cancel')")).isEqualTo(true);
        // Enter at once (as by a hurried operator) cancels.
        hc.switchTo().activeElement().sendKeys(Keys.ENTER);
        await(hc, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.IN_PROGRESS);

        hc.findElement(By.id("close-early")).click();
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(js(hc, "return document.activeElement.hasAttribute('data-dialog-cancel')")).isEqualTo(true);
        assertThat(hc.findElement(By.cssSelector("[data-dialog-message]")).getText())
                .contains("This ends 3 sessions: 1 in progress, 1 paused and 1 not started.");
        // The counts follow the group while the dialog is open.
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-3"), bed.sid(3)));
        await(hc, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-dialog-message]"), "This ends 3 sessions: 2 in progress and 1 paused."));
        hc.findElement(By.cssSelector("[data-dialog-cancel]")).click();
    }

    @Test
    void theResultsCanBeDownloadedFromThePageWithItsLogin() {
        ChromeDriver hc = openMonitor();
        for (String format : new String[] {"csv", "json"}) {
            WebElement link = hc.findElement(By.id("results-" + format));
            assertThat(link.getAttribute("href"))
                    .isEqualTo(bed.base() + "/api/assessments/" + bed.assessmentId.value() + "/results." + format);
            Object answer = hc.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " fetch(arguments[0], {credentials: 'same-origin'})"
                    + ".then(r => r.text().then(t => done(r.status + ' ' + r.headers.get('Content-Type') + ' ' + t)))"
                    + ".catch(e => done(String(e)));", link.getAttribute("href"));
            String type = "csv".equals(format) ? "text/csv" : "application/json";
            assertThat(String.valueOf(answer)).startsWith("200 " + type)
                    .contains("Ayu Lestari");
        }
    }

    @Test
    void onAPhoneTheFiltersTakeOneLineAndNothingIsWiderThanTheScreen() {
        ChromeDriver hc = openMonitor();
        hc.manage().window().setSize(new Dimension(390, 844));
        await(hc, WAIT).until(d -> ((Number) js(hc, "return window.innerWidth")).intValue() <= 390);
        assertThat(((Number) js(hc, "return document.documentElement.scrollWidth")).intValue())
                .isLessThanOrEqualTo(((Number) js(hc, "return window.innerWidth")).intValue());
        assertThat(hc.findElement(By.id("filter-name")).getLocation().getY())
                .isCloseTo(hc.findElement(By.id("filter-status")).getLocation().getY(), Offset.offset(8));
        // The labels are still there for screen readers.
        assertThat(hc.findElement(By.cssSelector("label[for='filter-name']")).getAttribute("textContent"))
                .isEqualTo("Name");
    }

    @Test
    void aSessionOfAGroupNotOpenYetCanBeReshuffledAndForceClosedFromItsRow() {
        bed.close();
        bed = new BrowserTestBed(2);
        bed.engine.importPackage().importPackage(SampleExam.packageCommand(BrowserTestBed.ROOT, "pkg-1", 6));
        bed.schedule(Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS), 3, 30);
        ChromeDriver hc = bed.browser();
        bed.login(hc, bed.hcToken, monitorPath());
        String sid = bed.sid(1).value();
        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "Upcoming"));
        String row = "tr[data-session-id='" + sid + "'] ";
        assertThat(hc.findElement(By.cssSelector(row + "button[data-action='reshuffle']")).isEnabled()).isTrue();

        hc.findElement(By.cssSelector(row + "button[data-action='force-close']")).click();
        await(hc, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-dialog-confirm]"))).click();
        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "Abandoned"));
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.ABANDONED);
    }

    @Test
    void aKeyboardUserKeepsTheFocusInTheRowAfterAnAction() {
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-1"), bed.sid(1)));
        ChromeDriver hc = openMonitor();
        String sid = bed.sid(1).value();
        String row = "tr[data-session-id='" + sid + "'] ";
        await(hc, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(row + "button[data-action='pause']"))).sendKeys(Keys.ENTER);

        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "Paused"));
        await(hc, WAIT).until(d -> "resume".equals(js(hc, "return document.activeElement.dataset.action")));

        hc.switchTo().activeElement().sendKeys(Keys.ENTER);
        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "In progress"));
        await(hc, WAIT).until(d -> "resume".equals(js(hc, "return document.activeElement.dataset.action"))
                || "reshuffle".equals(js(hc, "return document.activeElement.dataset.action"))
                || "force-close".equals(js(hc, "return document.activeElement.dataset.action")));
        assertThat(js(hc, "return document.activeElement.closest('tr').dataset.sessionId")).isEqualTo(sid);
    }

    @Test
    void afterTheGroupWasClosedEarlyNoRowOffersAResetTheServerWouldRefuse() {
        bed.engine.forceClose().forceClose(new SessionCommand(Actor.hc("hc-1"), bed.sid(1)));
        ChromeDriver hc = openMonitor();
        String closedRow = "tr[data-session-id='" + bed.sid(1).value() + "'] ";
        await(hc, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(closedRow + "button[data-action='reset']")));

        bed.engine.closeGroupEarly().closeGroupEarly(
                new AssessmentCommand(Actor.hc("hc-1"), AssessmentRef.byId(bed.assessmentId)));

        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(bed.sid(2).value(), "status"), "Abandoned"));
        await(hc, WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("button[data-action='reset']"), 0));
        assertThat(hc.findElements(By.cssSelector(closedRow + "button[data-action='history']"))).hasSize(1);
        // Nothing can change any more: only then do the updates stop.
        await(hc, WAIT).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "stopped"));
        assertThat(hc.findElement(By.id("connection")).getText())
                .isEqualTo("Updates stopped: the assessment is closed");
    }

    @Test
    void hcOpensASessionsHistoryAndSeesTheAttemptAResetKept() {
        bed.engine.forceClose().forceClose(new SessionCommand(Actor.hc("hc-1"), bed.sid(1)));
        bed.engine.reset().reset(new SessionCommand(Actor.hc("hc-1"), bed.sid(1)));
        ChromeDriver hc = openMonitor();
        String sid = bed.sid(1).value();

        hc.findElement(By.cssSelector("tr[data-session-id='" + sid + "'] button[data-action='history']")).click();

        By kept = By.cssSelector("#history-body tr[data-attempt='1']");
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(kept));
        assertThat(hc.findElement(kept).getText()).contains("Abandoned").contains("HC");
        assertThat(hc.findElement(By.id("history-body")).getText()).contains("Attempt 2 (current): Not started");
        assertThat(hc.findElements(By.cssSelector("#history-body li[data-action]")))
                .extracting(e -> e.getAttribute("data-action"))
                .containsExactly("SESSION_FORCE_CLOSED", "SESSION_RESET");
        hc.findElement(By.id("history-close")).click();
        await(hc, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("history-dialog")));
    }

    @Test
    void timeRemainingShowsADashForSessionsNotStartedAndCountsDownForStartedOnes() {
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-2"), bed.sid(2)));
        ChromeDriver hc = openMonitor();

        assertThat(hc.findElement(cell(bed.sid(1).value(), "remaining")).getText()).isEqualTo("—");
        assertThat(hc.findElement(cell(bed.sid(3).value(), "remaining")).getText()).isEqualTo("—");
        String started = hc.findElement(cell(bed.sid(2).value(), "remaining")).getText();
        assertThat(started).matches("(29|30):\\d\\d");
        await(hc, WAIT).until(d -> !d.findElement(cell(bed.sid(2).value(), "remaining")).getText().equals(started));
        assertThat(hc.findElement(cell(bed.sid(1).value(), "status")).getText()).isEqualTo("Not started");
    }

    @Test
    void theMonitoringPageReconnectsByItselfAfterTheServerRestarts() {
        ChromeDriver hc = openMonitor();
        String sid = bed.sid(3).value();

        assertThat(hc.findElement(By.id("sessions")).getAttribute("data-stale")).isEqualTo("false");
        bed.stopServer();
        await(hc, WAIT).until(d -> !"connected".equals(
                d.findElement(By.id("connection")).getAttribute("data-state")));
        assertThat(hc.findElement(By.id("sessions")).getAttribute("data-stale"))
                .as("the rows are shown as no longer current").isEqualTo("true");
        bed.startServerAgain();

        await(hc, Duration.ofSeconds(30)).until(
                ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "connected"));
        assertThat(hc.findElement(By.id("sessions")).getAttribute("data-stale")).isEqualTo("false");
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-3"), bed.sid(3)));
        await(hc, WAIT).until(ExpectedConditions.textToBe(cell(sid, "status"), "In progress"));
        assertThat(bed.storage.sessions().findById(bed.sid(3)).orElseThrow().status())
                .isEqualTo(SessionStatus.IN_PROGRESS);
    }

    @Test
    void withoutItsSocketThePagePollsShowsChangesAndMarksAFailedFetchUntilTheNextOneSucceeds() {
        ChromeDriver hc = bed.browser();
        // As behind a proxy that lets no WebSocket through: every socket fails as it opens.
        hc.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.WebSocket = class {
                  static OPEN = 1;
                  constructor() { throw new Error('no WebSocket gets through'); }
                };"""));
        bed.login(hc, bed.hcToken, monitorPath());
        await(hc, Duration.ofSeconds(20)).until(
                ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "polling"));
        assertThat(hc.findElement(By.id("connection")).getText()).isEqualTo("Polling every 10 s");

        String sid = bed.sid(2).value();
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-2"), bed.sid(2)));
        await(hc, Duration.ofSeconds(25)).until(ExpectedConditions.textToBe(cell(sid, "status"), "In progress"));

        bed.stopServer();
        await(hc, Duration.ofSeconds(25)).until(ExpectedConditions.visibilityOfElementLocated(By.id("fetch-error")));
        assertThat(hc.findElement(By.id("connection")).getAttribute("data-state")).isEqualTo("offline");
        bed.startServerAgain();
        await(hc, Duration.ofSeconds(25)).until(ExpectedConditions.invisibilityOfElementLocated(By.id("fetch-error")));
        assertThat(hc.findElement(By.id("connection")).getAttribute("data-state")).isEqualTo("polling");
    }

    @Test
    void closeEarlyIsOfferedWhileSessionsAreOpenAndHiddenOnceEverySessionIsCompleted() {
        for (int n = 1; n <= 3; n++) {
            bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-" + n), bed.sid(n)));
        }
        ChromeDriver hc = openMonitor();
        assertThat(hc.findElement(By.id("close-early")).isDisplayed()).isTrue();
        for (int n = 1; n <= 3; n++) {
            bed.engine.submitExam().submitExam(new SubmitExamCommand(Actor.worker("w-" + n), bed.sid(n)));
        }
        await(hc, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("close-early")));
        assertThat(hc.findElement(By.cssSelector("[data-count='Completed']")).getText()).isEqualTo("3");
    }
}
