package org.examengine.http;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.inmemory.InMemoryTokenStore;
import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.ScheduleAssessmentCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.out.AssessmentRepository;
import org.examengine.application.port.out.AttemptHistoryRepository;
import org.examengine.application.port.out.AuditLog;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.PackageRepository;
import org.examengine.application.port.out.ParticipantRepository;
import org.examengine.application.port.out.ResponseRepository;
import org.examengine.application.port.out.SessionRepository;
import org.examengine.application.port.out.TransactionRunner;
import org.examengine.application.sample.SampleExam;
import org.examengine.application.support.SeededRandomSource;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real server on {@code 127.0.0.1} over in-memory storage and the system clock, plus headless Chromium
 * browsers driven by Selenium. The server can be restarted on the same port with the same storage; browser logins
 * need no server state, so they carry on across the restart.
 * Every answer the storage upserts is recorded in arrival order. Tests using it are skipped (an assumption, with a
 * message) when {@value #CHROMIUM} or {@value #CHROMEDRIVER} is missing.
 */
final class BrowserTestBed implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Actor ROOT = Actor.admin("root");

    /** One upsert as the storage saw it. */
    record Upsert(SessionId sessionId, QuestionId questionId, String optionId, long clientSeq) {
    }

    final InMemoryExamStorage storage = new InMemoryExamStorage();
    final List<Upsert> upserts = new CopyOnWriteArrayList<>();
    /** How many of the engine's next reads of one session fail as a database out of reach would. */
    final AtomicInteger unreachableSessionReads = new AtomicInteger();
    final WebSocketMonitoringPublisher live = new WebSocketMonitoringPublisher();
    final ExamEngine engine;
    final String hcToken;
    final List<String> workerTokens = new ArrayList<>();
    final List<SessionId> sessions = new ArrayList<>();
    AssessmentId assessmentId;
    private final UnaryOperator<ExamHttpServer.Builder> settings;
    private ExamHttpServer server;
    private int port;
    private final List<ChromeDriver> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    /** Skips the calling test class when the browser or its driver is not installed. */
    static void assumeBrowserInstalled() {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "browser tests skipped: install Chromium and ChromeDriver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "), e.g. apt-get install chromium chromium-driver");
    }

    BrowserTestBed(int workers) {
        this(workers, Clock.systemUTC());
    }

    BrowserTestBed(int workers, Clock clock) {
        this(workers, clock, UnaryOperator.identity());
    }

    /** With {@code settings} applied to the server's builder, at the start and at every restart. */
    BrowserTestBed(int workers, Clock clock, UnaryOperator<ExamHttpServer.Builder> settings) {
        this.settings = settings;
        engine = ExamEngine.builder().storage(new RecordingStorage(storage, upserts, unreachableSessionReads)).tokens(new InMemoryTokenStore())
                .clock(clock).random(new SeededRandomSource(11)).events(live).build();
        hcToken = issue(Actor.hc("hc-1"));
        for (int n = 1; n <= workers; n++) {
            workerTokens.add(issue(Actor.worker("w-" + n)));
        }
        server = settings.apply(ExamHttpServer.builder(engine).port(0).liveUpdates(live)).build().start();
        port = server.port();
    }

    private String issue(Actor subject) {
        return engine.issueToken().issueToken(new IssueTokenCommand(ROOT, subject, null)).token();
    }

    /** An assessment opened a minute ago, {@code questions} questions, {@code perPage} a page, one session each. */
    BrowserTestBed schedule(int questions, int perPage, int durationMinutes) {
        engine.importPackage().importPackage(SampleExam.packageCommand(ROOT, "pkg-1", questions));
        return schedule(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60), perPage, durationMinutes);
    }

    /** An assessment on the already imported {@code pkg-1}, opening at {@code opens}, one session per worker. */
    BrowserTestBed schedule(Instant opens, int perPage, int durationMinutes) {
        ExamPolicy policy = ExamPolicy.defaults();
        policy = new ExamPolicy(policy.grace(), policy.offlineAfter(), policy.expiry(), policy.outageCreditCap(),
                true, perPage, policy.shuffleQuestions(), policy.shuffleOptions());
        List<ScheduleAssessmentCommand.ParticipantInput> people = new ArrayList<>();
        for (int n = 1; n <= workerTokens.size(); n++) {
            people.add(new ScheduleAssessmentCommand.ParticipantInput("w-" + n, displayName(n),
                    String.format("EMP-%05d", n), "worker" + n + "@example.com"));
        }
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(new ScheduleAssessmentCommand(
                ROOT, "asmt-1", "Forklift safety", "Competency", LocalDate.ofInstant(opens, ZoneOffset.UTC), opens,
                null, durationMinutes, 60, policy, List.of(PackageId.of("pkg-1")), people));
        assessmentId = scheduled.assessmentId();
        scheduled.sessions().forEach(s -> sessions.add(s.sessionId()));
        return this;
    }

    private static final String[] NAMES = {"Ayu Lestari", "Budi Santoso", "Citra Wulandari", "Dimas Pratama",
        "Eka Putri", "Fajar Nugroho", "Gita Maharani", "Hendra Wijaya", "Indah Permata", "Joko Susilo"};

    static String displayName(int n) {
        return n <= NAMES.length ? NAMES[n - 1] : "Worker " + n;
    }

    SessionId sid(int n) {
        return sessions.get(n - 1);
    }

    String worker(int n) {
        return workerTokens.get(n - 1);
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server: listener, sockets and push threads. */
    void stopServer() {
        server.stop();
    }

    /** A new server on the same port and storage, knowing nothing of the old one (as after a restart). */
    void startServerAgain() {
        server = settings.apply(ExamHttpServer.builder(engine).port(port).liveUpdates(live)).build().start();
    }

    /** The answers the server stores for a session, by question. */
    Map<QuestionId, Response> storedAnswers(SessionId session) {
        Map<QuestionId, Response> map = new HashMap<>();
        storage.responses().findBySession(session).forEach(r -> map.put(r.questionId(), r));
        return map;
    }

    // ---- browsers ---------------------------------------------------------------------------------------------

    /** A fresh headless browser with its own profile (own cookies and localStorage). */
    ChromeDriver browser() {
        Path profile;
        try {
            profile = Files.createTempDirectory("exam-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        return driver;
    }

    /** Signs in through the login page, which then goes on to {@code next}. */
    void login(WebDriver driver, String token, String next) {
        driver.get(base() + "/login?next=" + next);
        WebElement field = await(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id("token")));
        field.sendKeys(token);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        await(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains(next));
        // The address changes when the next page's navigation is committed, before it has loaded: a command sent
        // meanwhile is aborted by the navigation.
        await(driver, Duration.ofSeconds(10)).ignoring(WebDriverException.class)
                .until(d -> "complete".equals(js(d, "return document.readyState")));
    }

    static WebDriverWait await(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    static Object js(WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Override
    public void close() {
        for (ChromeDriver driver : browsers) {
            try {
                driver.quit();
            } catch (RuntimeException ignored) {
                // The browser is already gone.
            }
        }
        server.stop();
        for (Path profile : profiles) {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // A leftover temp directory is harmless.
        }
    }

    // ---- storage that records upserts -------------------------------------------------------------------------

    /**
     * The in-memory storage, with every response upsert recorded in the order it arrived, and reads of one session
     * refused as {@code STORAGE_UNAVAILABLE} while {@code unreachable} counts down.
     */
    private record RecordingStorage(InMemoryExamStorage inner, Collection<Upsert> log, AtomicInteger unreachable)
            implements ExamStorage {

        @Override
        public AssessmentRepository assessments() {
            return inner.assessments();
        }

        @Override
        public PackageRepository packages() {
            return inner.packages();
        }

        @Override
        public ParticipantRepository participants() {
            return inner.participants();
        }

        @Override
        public SessionRepository sessions() {
            SessionRepository sessions = inner.sessions();
            return (SessionRepository) Proxy.newProxyInstance(SessionRepository.class.getClassLoader(),
                    new Class<?>[] {SessionRepository.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("findById")
                                && unreachable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new ExamException(ErrorCode.STORAGE_UNAVAILABLE, "the database cannot be reached");
                        }
                        try {
                            return method.invoke(sessions, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public ResponseRepository responses() {
            ResponseRepository responses = inner.responses();
            return new ResponseRepository() {
                @Override
                public Optional<Response> find(SessionId sessionId, QuestionId questionId) {
                    return responses.find(sessionId, questionId);
                }

                @Override
                public void upsert(Response response) {
                    responses.upsert(response);
                    log.add(new Upsert(response.sessionId(), response.questionId(),
                            response.optionId() == null ? null : response.optionId().value(), response.clientSeq()));
                }

                @Override
                public List<Response> findBySession(SessionId sessionId) {
                    return responses.findBySession(sessionId);
                }

                @Override
                public void deleteBySession(SessionId sessionId) {
                    responses.deleteBySession(sessionId);
                }
            };
        }

        @Override
        public AttemptHistoryRepository history() {
            return inner.history();
        }

        @Override
        public AuditLog audit() {
            return inner.audit();
        }

        @Override
        public TransactionRunner transactions() {
            return inner.transactions();
        }
    }
}
