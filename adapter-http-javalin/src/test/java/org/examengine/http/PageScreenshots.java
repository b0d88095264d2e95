package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.http.BrowserTestBed.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.ExamSheet;
import org.examengine.application.port.in.ImportPackageCommand;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Writes the screenshots of the README (HC monitoring and worker exam pages at desktop and phone size) into
 * {@code docs/}. Not part of the normal build; run it with
 * {@code mvn -pl adapter-http-javalin test -Dtest=PageScreenshots -DexcludedGroups=none}
 * (the directory can be changed with {@code -Dscreenshots.dir=...}).
 */
@Tag("screenshots")
class PageScreenshots {

    private static final Instant OPENS = Instant.parse("2026-03-02T01:00:00Z");
    private static final Actor HC = Actor.hc("hc-1");

    @BeforeAll
    static void browserInstalled() {
        BrowserTestBed.assumeBrowserInstalled();
    }

    @Test
    void monitoringAndExamPagesAtDesktopAndPhoneWidth() throws IOException {
        Path dir = Path.of(System.getProperty("screenshots.dir", "../docs"));
        Files.createDirectories(dir);
        ManualClock clock = new ManualClock(OPENS.plusSeconds(30));
        try (BrowserTestBed bed = new BrowserTestBed(8, clock)) {
            bed.engine.importPackage().importPackage(forkliftPackage());
            bed.schedule(OPENS, 4, 45);
            stage(bed, clock);

            ChromeDriver hc = bed.browser();
            bed.login(hc, bed.hcToken, "/assessments/" + bed.assessmentId.value() + "/monitor");
            await(hc, Duration.ofSeconds(10)).until(
                    ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "connected"));
            shoot(hc, 1280, 800, false, dir.resolve("monitoring-desktop.png"));
            shoot(hc, 390, 844, true, dir.resolve("monitoring-phone.png"));

            ChromeDriver worker = bed.browser();
            bed.login(worker, bed.worker(1), "/exam/" + bed.sid(1).value());
            await(worker, Duration.ofSeconds(10)).until(
                    ExpectedConditions.attributeToBe(By.id("save-state"), "data-state", "saved"));
            shoot(worker, 1280, 800, false, dir.resolve("exam-desktop.png"));
            shoot(worker, 390, 844, true, dir.resolve("exam-phone.png"));
        }
        for (String name : List.of("monitoring-desktop", "monitoring-phone", "exam-desktop", "exam-phone")) {
            assertThat(Files.size(dir.resolve(name + ".png"))).as(name).isBetween(5_000L, 300_000L);
        }
    }

    /** Workers in every state: working, offline, paused, passed, failed, abandoned, not started. */
    private static void stage(BrowserTestBed bed, ManualClock clock) {
        for (int n : new int[] {1, 2, 4, 5, 6, 8}) {
            start(bed, n);
        }
        answer(bed, 8, 2, false);
        clock.advanceSeconds(100);
        answer(bed, 1, 6, true);
        answer(bed, 2, 9, true);
        answer(bed, 4, 12, true);
        answer(bed, 5, 12, false);
        answer(bed, 6, 4, true);
        bed.engine.submitExam().submitExam(new SubmitExamCommand(Actor.worker("w-4"), bed.sid(4), List.of()));
        bed.engine.submitExam().submitExam(new SubmitExamCommand(Actor.worker("w-5"), bed.sid(5), List.of()));
        bed.engine.pauseSession().pauseSession(new SessionCommand(HC, bed.sid(6)));
        bed.engine.forceClose().forceClose(new SessionCommand(HC, bed.sid(7)));
        clock.advanceSeconds(20);
    }

    private static void start(BrowserTestBed bed, int n) {
        bed.engine.startExam().startExam(new SessionCommand(Actor.worker("w-" + n), bed.sid(n)));
    }

    /** Worker {@code n} answers the first {@code count} questions of its order, mostly right or mostly wrong. */
    private static void answer(BrowserTestBed bed, int n, int count, boolean mostlyRight) {
        SessionId sid = bed.sid(n);
        Actor worker = Actor.worker("w-" + n);
        ExamSheet sheet = bed.engine.startExam().startExam(new SessionCommand(worker, sid));
        for (int i = 0; i < count && i < sheet.questions().size(); i++) {
            ExamSheet.PaperQuestion q = sheet.questions().get(i);
            boolean right = mostlyRight ? i % 4 != 3 : i % 3 == 0;
            OptionId option = right ? correct(q.id()) : wrong(q);
            bed.engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker, sid, q.id(), option, i / 4, 100 + i));
        }
    }

    private static OptionId correct(QuestionId id) {
        return OptionId.of(id.value() + ".ok");
    }

    private static OptionId wrong(ExamSheet.PaperQuestion q) {
        return q.options().stream().map(ExamSheet.PaperOption::id).filter(o -> !o.value().endsWith(".ok"))
                .findFirst().orElseThrow();
    }

    private static void shoot(ChromeDriver driver, int width, int height, boolean mobile, Path file)
            throws IOException {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", mobile));
        driver.executeScript("window.scrollTo(0, 0)");
        sleep(400);
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static ImportPackageCommand forkliftPackage() {
        String[][] items = {
            {"Before driving a forklift at the start of a shift, what must you do first?",
                "Complete the pre-use inspection checklist", "Drive a test lap around the warehouse",
                "Check that the radio works", "Ask a colleague whether it was fine yesterday"},
            {"How should a loaded forklift travel down a ramp?", "Load facing uphill, driving in reverse",
                "Load facing downhill, driving forwards", "Forks raised high for visibility", "At full speed"},
            {"What is the safe height for forks while travelling?", "Just high enough to clear the floor",
                "At eye level", "As high as the mast allows", "Touching the floor"},
            {"A pallet is damaged. What do you do?", "Stop and report it; do not lift it",
                "Lift it slowly", "Lift it with the forks tilted forward", "Ask a pedestrian to steady it"},
            {"When may a passenger ride on a forklift?", "Never, unless a seat is fitted for them",
                "On the forks for short trips", "When the load is light", "When a supervisor is watching"},
            {"What does the load capacity plate tell you?", "The maximum load at a given load centre",
                "The truck's top speed", "The service interval", "The battery charge level"},
            {"Visibility is blocked by a tall load. What is correct?", "Drive in reverse and look where you go",
                "Drive forwards and sound the horn", "Raise the load higher", "Lean out to the side"},
            {"Where should you park a forklift at the end of a shift?", "Designated area, forks lowered, key removed",
                "In the nearest aisle", "On a ramp for easier starting", "In front of a fire exit"},
            {"What should you do when approaching a blind corner?", "Slow down and sound the horn",
                "Speed up to clear it quickly", "Raise the forks", "Flash the lights only"},
            {"Who may operate a forklift on site?", "Trained and authorised operators only",
                "Any employee with a car licence", "Visitors under supervision", "Anyone in a hurry"},
            {"What is the first step when refuelling an LPG forklift?", "Switch off the engine in a ventilated area",
                "Keep the engine running", "Smoke only outdoors", "Refuel inside the cold store"},
            {"Why must loads be tilted back while travelling?", "To keep them stable against the backrest",
                "To see over them", "To drive faster", "To save fuel"},
        };
        List<ImportPackageCommand.QuestionInput> questions = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            String id = "q" + (i + 1);
            List<ImportPackageCommand.OptionInput> options = new ArrayList<>();
            for (int o = 1; o < items[i].length; o++) {
                options.add(new ImportPackageCommand.OptionInput(o == 1 ? id + ".ok" : id + ".x" + o, items[i][o],
                        o == 1));
            }
            questions.add(new ImportPackageCommand.QuestionInput(id, items[i][0], options, 1));
        }
        return new ImportPackageCommand(Actor.admin("root"), "pkg-1", "Forklift safety basics", questions);
    }
}
