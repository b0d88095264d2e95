package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.http.BrowserTestBed.await;
import static org.examengine.http.BrowserTestBed.js;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.grading.Grade;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The worker's exam page in a real browser against a real server. */
class WorkerExamPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private BrowserTestBed bed;

    @BeforeAll
    static void browserInstalled() {
        BrowserTestBed.assumeBrowserInstalled();
    }

    @BeforeEach
    void setUp() {
        bed = new BrowserTestBed(1).schedule(7, 3, 30);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private String examPath() {
        return "/exam/" + bed.sid(1).value();
    }

    private ChromeDriver openExam() {
        ChromeDriver driver = bed.browser();
        bed.login(driver, bed.worker(1), examPath());
        waitForQuestions(driver);
        return driver;
    }

    private static void waitForQuestions(ChromeDriver driver) {
        await(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#questions fieldset")));
    }

    private static List<WebElement> questions(ChromeDriver driver) {
        return driver.findElements(By.cssSelector("#questions fieldset"));
    }

    /** Clicks the label of option {@code option} (0-based) of the {@code index}-th question shown; its option id. */
    private static String pick(ChromeDriver driver, int index, int option) {
        WebElement label = questions(driver).get(index).findElements(By.cssSelector("label.option")).get(option);
        label.click();
        return label.findElement(By.tagName("input")).getAttribute("value");
    }

    private static String questionId(ChromeDriver driver, int index) {
        return questions(driver).get(index).getAttribute("data-question-id");
    }

    private static void waitUntilSaved(ChromeDriver driver) {
        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "saved"));
    }

    private static String checkedOption(ChromeDriver driver, String questionId) {
        List<WebElement> checked = driver.findElements(
                By.cssSelector("fieldset[data-question-id='" + questionId + "'] input:checked"));
        return checked.isEmpty() ? null : checked.get(0).getAttribute("value");
    }

    /** Restores the network and waits until the page reports every pick saved. */
    private static void onlineUntilSaved(ChromeDriver driver) {
        network(driver, false);
        await(driver, Duration.ofSeconds(30)).until(
                ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "saved"));
    }

    /** The server holds exactly these picks (question id to option id) of the first worker's session. */
    private void assertStoredPicks(Map<String, String> picks) {
        Map<QuestionId, Response> stored = bed.storedAnswers(bed.sid(1));
        assertThat(stored.keySet()).extracting(QuestionId::value).containsExactlyInAnyOrderElementsOf(picks.keySet());
        picks.forEach((question, option) -> assertThat(stored.get(QuestionId.of(question)).optionId().value())
                .as(question).isEqualTo(option));
    }

    /** Writes the exam's shared queue as another tab would, holding one pick of the first attempt. */
    private void queueAsAnotherTab(ChromeDriver driver, String questionId, String optionId, long clientSeq) {
        js(driver, "localStorage.setItem(arguments[0], JSON.stringify([{questionId: arguments[1], optionId: arguments[2],"
                + " pageIndex: 0, clientSeq: arguments[3], attempt: 1}]))", "examengine.outbox." + bed.sid(1).value(),
                questionId, optionId, clientSeq);
    }

    /** Cuts or restores the browser's network (DevTools emulation, kept across reloads of the tab). */
    private static void network(ChromeDriver driver, boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    @Test
    void aWorkerWhoReloadsMidExamResumesOnTheSamePageWithTheAnswersRestored() {
        ChromeDriver driver = openExam();
        assertThat(driver.findElement(By.id("page-heading")).getText()).isEqualTo("Page 1 of 3");
        String firstQuestion = questionId(driver, 0);
        String firstChoice = pick(driver, 0, 2);
        driver.findElement(By.id("next")).click();
        await(driver, WAIT).until(ExpectedConditions.textToBe(By.id("page-heading"), "Page 2 of 3"));
        String secondQuestion = questionId(driver, 1);
        String secondChoice = pick(driver, 1, 1);
        waitUntilSaved(driver);

        driver.navigate().refresh();
        waitForQuestions(driver);
        assertThat(driver.findElement(By.id("page-heading")).getText()).isEqualTo("Page 2 of 3");
        assertThat(checkedOption(driver, secondQuestion)).isEqualTo(secondChoice);

        // Without anything kept in the browser (a crash, another device) the server's state alone resumes it.
        js(driver, "localStorage.clear()");
        driver.navigate().refresh();
        waitForQuestions(driver);
        assertThat(driver.findElement(By.id("page-heading")).getText()).isEqualTo("Page 2 of 3");
        assertThat(checkedOption(driver, secondQuestion)).isEqualTo(secondChoice);
        driver.findElement(By.id("prev")).click();
        await(driver, WAIT).until(ExpectedConditions.textToBe(By.id("page-heading"), "Page 1 of 3"));
        assertThat(checkedOption(driver, firstQuestion)).isEqualTo(firstChoice);

        ExamSession session = bed.storage.sessions().findById(bed.sid(1)).orElseThrow();
        assertThat(session.lastPageIndex()).isEqualTo(1);
        assertThat(session.startedAt()).isNotNull();
    }

    @Test
    void withSecureCookiesThePageSignsInAndSavesWithTheHostOnlyCookies() {
        try (BrowserTestBed secure = new BrowserTestBed(1, Clock.systemUTC(), b -> b.secureCookies(true))
                .schedule(7, 3, 30)) {
            ChromeDriver driver = secure.browser();
            secure.login(driver, secure.worker(1), "/exam/" + secure.sid(1).value());
            waitForQuestions(driver);
            String question = questionId(driver, 0);
            String choice = pick(driver, 0, 1);
            // A save is a state change: the page sends the CSRF token it read from the __Host- cookie.
            waitUntilSaved(driver);

            Response stored = secure.storage.responses().find(secure.sid(1), QuestionId.of(question)).orElseThrow();
            assertThat(stored.optionId().value()).isEqualTo(choice);
        }
    }

    @Test
    void theWorkerSubmitsThroughTheConfirmationOnceTheLastPickIsSavedAndLandsOnTheResult() {
        ChromeDriver driver = openExam();
        String question = questionId(driver, 0);
        String choice = pick(driver, 0, 2);
        driver.findElement(By.id("submit")).click();
        await(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-dialog-confirm]")))
                .click();

        await(driver, WAIT).until(ExpectedConditions.urlContains("/result/"));
        ExamSession session = bed.storage.sessions().findById(bed.sid(1)).orElseThrow();
        assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(session.closedBy()).isEqualTo(ClosedBy.WORKER);
        assertStoredPicks(Map.of(question, choice));

        // The review marks the six questions left open as such, not as wrong answers.
        await(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("review")));
        assertThat(driver.findElements(By.cssSelector(".review-item")))
                .filteredOn(e -> e.getText().contains("(not answered)")).hasSize(6);
        assertThat(driver.findElement(By.id("review-title")).getText()).isEqualTo("Your answers");

        // HC, with several results open, sees whose this one is.
        ChromeDriver hc = bed.browser();
        bed.login(hc, bed.hcToken, "/result/" + bed.sid(1).value());
        await(hc, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("review")));
        assertThat(hc.findElement(By.id("result-meta")).getText()).startsWith(BrowserTestBed.displayName(1) + " · ");
        assertThat(hc.findElement(By.id("review-title")).getText())
                .isEqualTo("Answers of " + BrowserTestBed.displayName(1));
        assertThat(hc.getTitle()).startsWith(BrowserTestBed.displayName(1));
    }

    @Test
    void aPauseTakesAwayTheSubmitQuestionAndTheResumeGivesTheFocusBackToTheQuestions() {
        ChromeDriver driver = openExam();
        driver.findElement(By.id("submit")).click();
        await(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));

        bed.engine.pauseSession().pauseSession(new SessionCommand(Actor.hc("hc-1"), bed.sid(1)));
        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("screen"), "data-screen", "paused"));
        assertThat(js(driver, "return document.getElementById('confirm-dialog').open")).isEqualTo(false);
        assertThat(js(driver, "return document.activeElement.id")).isEqualTo("screen-title");

        bed.engine.resumeSession().resumeSession(new SessionCommand(Actor.hc("hc-1"), bed.sid(1)));
        waitForQuestions(driver);
        assertThat(js(driver, "return document.activeElement.id")).isEqualTo("page-heading");
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .as("the question asked before the pause submitted nothing").isEqualTo(SessionStatus.IN_PROGRESS);
    }

    @Test
    void aPageOpenedBeforeTheExamOpensSaysWhenAndStartsItByItselfOnceItOpens() {
        bed.close();
        // The server's clock stands still until the test opens the exam, however long the browser takes meanwhile.
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Instant opens = clock.instant().plusSeconds(5);
        bed = new BrowserTestBed(1, clock);
        bed.engine.importPackage().importPackage(SampleExam.packageCommand(BrowserTestBed.ROOT, "pkg-1", 7));
        bed.schedule(opens, 3, 30);
        ChromeDriver driver = bed.browser();
        bed.login(driver, bed.worker(1), examPath());

        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("screen"), "data-screen", "upcoming"));
        assertThat(driver.findElement(By.id("screen-title")).getText()).isEqualTo("This exam is not open yet");
        assertThat(driver.findElement(By.id("screen-text")).getText()).startsWith("It opens at ");
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.NOT_STARTED);
        clock.set(opens.plusSeconds(1));

        await(driver, Duration.ofSeconds(30)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#questions fieldset")));
        assertThat(js(driver, "return document.activeElement.id")).isEqualTo("page-heading");
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.IN_PROGRESS);
    }

    @Test
    void aStartTurnedAwayInTheStartRushIsTriedAgainByItselfAfterTheServersDelay() throws Exception {
        bed.close();
        // One start every two seconds, none in reserve beyond the first; the bucket fills only as the test moves
        // its ticker, so that however slowly the browser signs in, the page's start finds it empty.
        AtomicLong ticker = new AtomicLong();
        bed = new BrowserTestBed(2, Clock.systemUTC(), b -> b.startAdmission(0.5, 1).startAdmissionTicker(ticker::get))
                .schedule(7, 3, 30);
        HttpResponse<String> first = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(bed.base() + "/api/sessions/" + bed.sid(2).value() + "/start"))
                .header("Authorization", "Bearer " + bed.worker(2)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);

        ChromeDriver driver = bed.browser();
        bed.login(driver, bed.worker(1), examPath());
        await(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"),
                "Many people are starting at the same time"));
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.NOT_STARTED);
        ticker.addAndGet(Duration.ofSeconds(2).toNanos());

        await(driver, Duration.ofSeconds(20)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#questions fieldset")));
        assertThat(driver.findElement(By.id("notice")).isDisplayed()).isFalse();
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.IN_PROGRESS);
    }

    @Test
    void aStartThatFindsTheDatabaseOutOfReachIsTriedAgainByItselfUntilItIsBack() {
        // More failed reads than the engine retries within its second: the start is answered 503, Retry-After 1.
        bed.unreachableSessionReads.set(6);
        ChromeDriver driver = bed.browser();
        bed.login(driver, bed.worker(1), examPath());

        await(driver, Duration.ofSeconds(20)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#questions fieldset")));
        assertThat(bed.unreachableSessionReads.get()).as("every failure was met").isZero();
        assertThat(driver.findElement(By.id("notice")).isDisplayed()).isFalse();
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().status())
                .isEqualTo(SessionStatus.IN_PROGRESS);
    }

    @Test
    void aPageReloadedWhileTheServerIsDownShowsTheExamAndSendsWhatWasPickedOnceItIsBack() {
        ChromeDriver driver = openExam();
        await(driver, WAIT).until(d -> js(d, "return document.documentElement.dataset.offlineReady || null") != null);
        String first = questionId(driver, 0);
        String firstChoice = pick(driver, 0, 1);
        waitUntilSaved(driver);

        bed.stopServer();
        driver.navigate().refresh();
        waitForQuestions(driver);
        assertThat(checkedOption(driver, first)).as("the saved pick, as this tab last saw it").isEqualTo(firstChoice);
        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "offline"));
        String second = questionId(driver, 1);
        String secondChoice = pick(driver, 1, 2);
        assertThat(bed.storedAnswers(bed.sid(1))).hasSize(1);

        bed.startServerAgain();
        await(driver, Duration.ofSeconds(40)).until(
                ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "saved"));
        assertStoredPicks(Map.of(first, firstChoice, second, secondChoice));
        assertThat(checkedOption(driver, second)).isEqualTo(secondChoice);
    }

    @Test
    void aKeptCopyOfAnAttemptThatAResetEndedGivesWayToTheNewAttemptAndSaysWhatWasNotKept() {
        ChromeDriver driver = openExam();
        await(driver, WAIT).until(d -> js(d, "return document.documentElement.dataset.offlineReady || null") != null);
        pick(driver, 0, 1);
        waitUntilSaved(driver);

        // While the page is away, the session is closed and reset on the server (not started again).
        bed.stopServer();
        ExamSession first = bed.storage.sessions().findById(bed.sid(1)).orElseThrow();
        ExamSession closed = bed.storage.sessions().update(first.forceClose(new Grade(0, 0, 7, 0, false),
                Instant.now()));
        bed.storage.responses().deleteBySession(bed.sid(1));
        bed.storage.sessions().update(closed.reset(new ExamSession.Draw(first.packageId(), 99L,
                first.totalQuestions())));
        driver.navigate().refresh();
        waitForQuestions(driver);
        pick(driver, 1, 2);
        bed.startServerAgain();

        // The kept copy sends nothing before the page's start has told it the session's attempt.
        await(driver, Duration.ofSeconds(40)).until(d -> problemText(d).contains("new attempt"));
        assertThat(problemText(driver)).contains("1 answer picked on this device for the earlier attempt");
        assertThat(isEnded(driver)).isFalse();
        assertThat(bed.storedAnswers(bed.sid(1))).isEmpty();
        String question = questionId(driver, 0);
        String choice = pick(driver, 0, 2);
        waitUntilSaved(driver);
        assertStoredPicks(Map.of(question, choice));
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().attempt()).isEqualTo(2);
    }

    private static boolean isEnded(WebDriver driver) {
        WebElement screen = driver.findElement(By.id("screen"));
        return screen.isDisplayed() && "ended".equals(screen.getAttribute("data-screen"));
    }

    private static String problemText(WebDriver driver) {
        WebElement problem = driver.findElement(By.id("problem"));
        return problem.isDisplayed() ? problem.getText() : "";
    }

    @Test
    void picksMadeOfflineThatTheClosedSessionCannotTakeAreNamedOnTheClosedScreen() {
        ChromeDriver driver = openExam();
        network(driver, true);
        pick(driver, 0, 1);
        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "offline"));

        bed.engine.forceClose().forceClose(new SessionCommand(Actor.hc("hc-1"), bed.sid(1)));
        network(driver, false);

        await(driver, Duration.ofSeconds(40)).until(
                ExpectedConditions.attributeToBe(By.id("screen"), "data-screen", "closed"));
        assertThat(driver.findElement(By.id("screen-text")).getText())
                .contains("One answer picked on this device could not be saved before the exam closed.");
        assertThat(bed.storedAnswers(bed.sid(1))).isEmpty();
    }

    @Test
    void atZeroThePageSendsWhatItHoldsAndTheSessionClosesByTheTimeoutNotAsTheWorkersSubmit() {
        bed.close();
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        bed = new BrowserTestBed(1, clock).schedule(7, 3, 30);
        ChromeDriver driver = openExam();
        Instant deadline = bed.storage.sessions().findById(bed.sid(1)).orElseThrow().startedAt()
                .plus(Duration.ofMinutes(30));
        clock.set(deadline.minusSeconds(2));
        String question = questionId(driver, 0);
        String choice = pick(driver, 0, 1);
        waitUntilSaved(driver);
        clock.set(deadline.plusSeconds(1));

        await(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/result/"));
        ExamSession session = bed.storage.sessions().findById(bed.sid(1)).orElseThrow();
        assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(session.closedBy()).isEqualTo(ClosedBy.TIMEOUT);
        assertStoredPicks(Map.of(question, choice));
        await(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"),
                "closed when the time ran out"));
    }

    @Test
    void aPageLeftOnAnAttemptThatAResetEndedNeitherSavesIntoTheNewAttemptNorStartsIt() {
        ChromeDriver driver = openExam();
        pick(driver, 0, 1);
        waitUntilSaved(driver);

        // Another node closed the session, reset it and the worker started the new attempt elsewhere; nothing of it
        // has reached this page yet (written to storage directly, so no push tells it).
        ExamSession first = bed.storage.sessions().findById(bed.sid(1)).orElseThrow();
        Assessment assessment = bed.storage.assessments().findById(first.assessmentId()).orElseThrow();
        Instant now = Instant.now();
        ExamSession closed = bed.storage.sessions().update(first.forceClose(new Grade(0, 0, 7, 0, false), now));
        bed.storage.responses().deleteBySession(bed.sid(1));
        ExamSession reset = bed.storage.sessions().update(closed.reset(
                new ExamSession.Draw(first.packageId(), 99L, first.totalQuestions())));
        bed.storage.sessions().update(reset.start(assessment, now));

        pick(driver, 1, 2);

        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("screen"), "data-screen", "ended"));
        assertThat(driver.findElement(By.id("screen-title")).getText()).isEqualTo("This attempt has ended");
        assertThat(bed.storedAnswers(bed.sid(1))).as("nothing saved into the new attempt").isEmpty();
        assertThat(bed.storage.sessions().findById(bed.sid(1)).orElseThrow().attempt()).isEqualTo(2);
        assertThat(js(driver, "return localStorage.getItem(arguments[0])", "examengine.outbox." + bed.sid(1).value()))
                .as("the ended attempt's queue is dropped").isNull();
    }

    @Test
    void picksMadeOfflineSurviveAReloadAndReachTheServerInPickOrderWhenTheConnectionReturns() {
        ChromeDriver driver = openExam();
        String earlier = questionId(driver, 2);
        String later = questionId(driver, 0);

        network(driver, true);
        String earlierChoice = pick(driver, 2, 3);
        String laterChoice = pick(driver, 0, 1);
        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "offline"));
        assertThat(driver.findElement(By.id("save-state")).getText()).contains("2 answers");
        assertThat(bed.storedAnswers(bed.sid(1))).isEmpty();

        // A reload while offline opens the page from the browser's copy, the picks still queued in its storage.
        // DevTools' offline emulation lapses for the old document once a navigation starts (its timers could send
        // the queue then), which a real outage does not do: the page is frozen first to keep the outage airtight.
        driver.executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "frozen"));
        driver.navigate().refresh();
        waitForQuestions(driver);
        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "offline"));
        assertThat(driver.findElement(By.id("save-state")).getText()).contains("2 answers");
        assertThat(checkedOption(driver, later)).isEqualTo(laterChoice);
        assertThat(bed.storedAnswers(bed.sid(1))).isEmpty();
        network(driver, false);
        // Sent at the page's next try, which backs off to at most 15 s apart while offline.
        await(driver, Duration.ofSeconds(40)).until(
                ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "saved"));

        Map<QuestionId, Response> stored = bed.storedAnswers(bed.sid(1));
        assertThat(stored).containsOnlyKeys(QuestionId.of(earlier), QuestionId.of(later));
        assertThat(stored.get(QuestionId.of(earlier)).optionId().value()).isEqualTo(earlierChoice);
        assertThat(stored.get(QuestionId.of(later)).optionId().value()).isEqualTo(laterChoice);
        assertThat(bed.upserts).extracting(u -> u.questionId().value()).containsExactly(earlier, later);
        assertThat(bed.upserts.get(0).clientSeq()).isLessThan(bed.upserts.get(1).clientSeq());
        assertThat(js(driver, "return localStorage.getItem(arguments[0])", "examengine.outbox." + bed.sid(1).value()))
                .isNull();
    }

    @Test
    void picksQueuedOfflineInTwoTabsOfTheExamAreAllSentByTheTabLeftOpen() {
        ChromeDriver driver = openExam();
        String firstTab = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(bed.base() + examPath());
        waitForQuestions(driver);
        String secondTab = driver.getWindowHandle();
        network(driver, true);
        driver.switchTo().window(firstTab);
        network(driver, true);

        String firstQuestion = questionId(driver, 0);
        String firstChoice = pick(driver, 0, 2);
        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "offline"));
        driver.switchTo().window(secondTab);
        String secondQuestion = questionId(driver, 1);
        String secondChoice = pick(driver, 1, 1);
        await(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "offline"));

        // The first tab is closed before its pick could be sent (frozen first, so that it sends nothing as it goes).
        driver.switchTo().window(firstTab);
        driver.executeCdpCommand("Page.setWebLifecycleState", Map.of("state", "frozen"));
        driver.close();
        driver.switchTo().window(secondTab);
        assertThat(bed.storedAnswers(bed.sid(1))).isEmpty();
        assertThat(checkedOption(driver, firstQuestion)).isEqualTo(firstChoice);

        onlineUntilSaved(driver);
        assertStoredPicks(Map.of(firstQuestion, firstChoice, secondQuestion, secondChoice));
        assertThat(js(driver, "return localStorage.getItem(arguments[0])", "examengine.outbox." + bed.sid(1).value()))
                .isNull();
    }

    @Test
    void aTabWritesTheSharedQueueOnlyUnderTheExamsLockSoAnotherTabsConcurrentWriteLosesNothing() {
        ChromeDriver driver = openExam();
        String outboxKey = "examengine.outbox." + bed.sid(1).value();
        String mine = questionId(driver, 0);
        String theirs = questionId(driver, 1);
        String theirChoice = questions(driver).get(1).findElements(By.cssSelector("label.option input")).get(1)
                .getAttribute("value");
        network(driver, true);

        // Another tab of the exam holds the lock: it has read the stored queue and will write it back with a pick
        // of its own added, as a tab does.
        js(driver, "const key = arguments[0], pick = {questionId: arguments[1], optionId: arguments[2], pageIndex: 0, "
                + "clientSeq: 500, attempt: 1};"
                + "navigator.locks.request(key, () => { const read = JSON.parse(localStorage.getItem(key) || '[]');"
                + "  window.lockHeld = true;"
                + "  return new Promise((done) => { window.releaseLock = () => {"
                + "    localStorage.setItem(key, JSON.stringify(read.concat([pick]))); done(); }; }); });",
                outboxKey, theirs, theirChoice);
        await(driver, WAIT).until(d -> Boolean.TRUE.equals(js(driver, "return window.lockHeld === true")));

        String myChoice = pick(driver, 0, 2);
        assertThat(js(driver, "return localStorage.getItem(arguments[0])", outboxKey)).as("written before its turn")
                .isNull();
        js(driver, "window.releaseLock()");

        await(driver, WAIT).until(d -> {
            Object stored = js(driver, "return localStorage.getItem(arguments[0])", outboxKey);
            return stored != null && stored.toString().contains(mine) && stored.toString().contains(theirs);
        });
        onlineUntilSaved(driver);
        assertStoredPicks(Map.of(mine, myChoice, theirs, theirChoice));
    }

    @Test
    void aPickTakenInFromAnotherTabLeavesTheKeyboardFocusOnThePageButtonItWasOn() {
        ChromeDriver driver = openExam();
        String theirs = questionId(driver, 1);
        String theirChoice = questions(driver).get(1).findElements(By.cssSelector("label.option input")).get(0)
                .getAttribute("value");
        js(driver, "document.querySelector('#pages button[data-page=\"1\"]').focus()");

        // Another tab of the exam queues a pick; this tab takes it in and redraws its page buttons.
        queueAsAnotherTab(driver, theirs, theirChoice, 50);
        js(driver, "window.dispatchEvent(new StorageEvent('storage', {key: arguments[0]}))",
                "examengine.outbox." + bed.sid(1).value());

        await(driver, WAIT).until(d -> bed.storedAnswers(bed.sid(1)).size() == 1);
        assertThat(js(driver, "return document.activeElement.dataset.page")).isEqualTo("1");
    }

    @Test
    void aPickOfAnotherTabCountedWithTheSameClientSeqAsOneOfThisTabsIsSentToo() {
        ChromeDriver driver = openExam();
        String theirs = questionId(driver, 1);
        String theirChoice = questions(driver).get(1).findElements(By.cssSelector("label.option input")).get(3)
                .getAttribute("value");
        // Another tab read the shared count at the same moment as this one will, and queued its pick as number 1.
        queueAsAnotherTab(driver, theirs, theirChoice, 1);

        String mine = questionId(driver, 0);
        String myChoice = pick(driver, 0, 2);

        await(driver, WAIT).until(d -> bed.storedAnswers(bed.sid(1)).size() == 2);
        Map<QuestionId, Response> stored = bed.storedAnswers(bed.sid(1));
        assertThat(stored.get(QuestionId.of(mine)).optionId().value()).isEqualTo(myChoice);
        assertThat(stored.get(QuestionId.of(mine)).clientSeq()).isEqualTo(1);
        assertThat(stored.get(QuestionId.of(theirs)).optionId().value()).isEqualTo(theirChoice);
    }

    @Test
    void aTabKeepsPicksQueuedForALaterAttemptAndNeverCountsBelowAnotherTab() {
        ChromeDriver driver = openExam();
        String outboxKey = "examengine.outbox." + bed.sid(1).value();
        // Another tab, on the attempt after a reset that this tab has not seen yet, queued a pick and counted to 100.
        js(driver, "localStorage.setItem(arguments[0], JSON.stringify([{questionId: 'q1', optionId: 'q1.a', "
                + "pageIndex: 0, clientSeq: 100, attempt: 2}])); localStorage.setItem(arguments[1], '100')",
                outboxKey, "examengine.seq." + bed.sid(1).value());

        String question = questionId(driver, 0);
        pick(driver, 0, 1);
        waitUntilSaved(driver);

        assertThat(bed.storedAnswers(bed.sid(1)).get(QuestionId.of(question)).clientSeq()).isEqualTo(101);
        assertThat(js(driver, "return localStorage.getItem(arguments[0])", outboxKey)).asString()
                .contains("\"clientSeq\":100").contains("\"attempt\":2");
    }

    @Test
    void aPickRefusedBecauseAnotherLoginTookOverThisBrowserIsKeptAndSentOnceTheWorkerIsBack() {
        ChromeDriver driver = openExam();
        String examTab = driver.getWindowHandle();
        String question = questionId(driver, 0);

        // Another tab of this browser logs in as HC: the login cookie the exam page sends is now HC's.
        driver.switchTo().newWindow(WindowType.TAB);
        bed.login(driver, bed.hcToken, "/assessments");
        String otherTab = driver.getWindowHandle();
        driver.switchTo().window(examTab);
        String choice = pick(driver, 0, 2);

        await(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(driver.findElement(By.id("save-state")).getAttribute("data-state")).isNotEqualTo("saved");
        assertThat(js(driver, "return localStorage.getItem(arguments[0])", "examengine.outbox." + bed.sid(1).value()))
                .asString().contains(question);
        assertThat(bed.storedAnswers(bed.sid(1))).isEmpty();

        driver.switchTo().window(otherTab);
        bed.login(driver, bed.worker(1), examPath());
        driver.switchTo().window(examTab);
        await(driver, Duration.ofSeconds(30)).until(
                ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "saved"));
        assertThat(bed.storedAnswers(bed.sid(1)).get(QuestionId.of(question)).optionId().value()).isEqualTo(choice);
    }
}
