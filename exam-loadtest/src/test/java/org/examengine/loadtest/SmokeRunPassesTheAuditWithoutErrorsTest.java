package org.examengine.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every scenario of the harness at a tiny size against real server JVMs started from the test classpath, on each
 * database a run can use (an H2 file, and PostgreSQL on a server the harness starts): the normal build's guard that
 * the harness still drives the server end to end and that the audit still holds.
 */
class SmokeRunPassesTheAuditWithoutErrorsTest {

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(RunDatabase.Kind.class)
    void everyScenarioRunsAndTheDatabaseAuditPasses(RunDatabase.Kind database) {
        Settings smoke = Settings.smoke();
        LoadTest.Outcome o = LoadTest.run(smoke, new LoadTest.Options(work, null, List.of(), database, line -> { }));

        assertThat(o.errors()).as("errors: %s %s %s %s", o.rush().operations().firstErrors(),
                o.engineSaves().firstErrors(), o.day().operations().firstErrors(),
                o.monitoring().operations().firstErrors()).isZero();
        assertThat(o.rush().started()).isEqualTo(smoke.get("start-workers"));
        assertThat(o.engineSaves().saves()).isPositive();
        assertThat(o.baseline().saves()).isPositive();
        for (SaveThroughput.Result saves : List.of(o.engineSaves(), o.baseline())) {
            assertThat(saves.cpuMicrosPerSave()).as("%s CPU per save", saves.target()).isPositive().isFinite();
            assertThat(saves.cpuCores()).as("%s CPU", saves.target()).isPositive().isFinite();
        }
        // Measured in alternated windows, engine, baseline, baseline, engine, ...: never side by side.
        List<SaveThroughput.Window> engine = o.engineSaves().windows();
        List<SaveThroughput.Window> baseline = o.baseline().windows();
        assertThat(engine).hasSize(smoke.get("save-windows"));
        assertThat(baseline).hasSize(smoke.get("save-windows"));
        assertThat(engine.get(0).toNanos()).isLessThanOrEqualTo(baseline.get(0).fromNanos());
        assertThat(baseline.get(0).toNanos()).isLessThanOrEqualTo(baseline.get(1).fromNanos());
        assertThat(baseline.get(1).toNanos()).isLessThanOrEqualTo(engine.get(1).fromNanos());
        assertThat(engine.stream().mapToLong(SaveThroughput.Window::saves).sum()).isEqualTo(o.engineSaves().saves());
        assertThat(o.engineSaves().idleCpuCores()).as("idle engine CPU").isNotNegative().isFinite();
        assertThat(o.baseline().idleCpuCores()).as("idle baseline CPU").isNotNegative().isFinite();
        assertThat(o.day().completed()).isEqualTo(smoke.get("day-workers") - 1);
        assertThat(o.day().pushDelay().count()).isPositive();
        assertThat(o.monitoring().reads().count()).isEqualTo(smoke.get("monitor-reads"));
        assertThat(o.monitoring().sessions()).isEqualTo(smoke.get("day-workers"));
        assertThat(o.maxHeapMiB()).isPositive();

        DatabaseAudit.Result audit = o.audit();
        assertThat(audit.examples()).isEmpty();
        assertThat(audit.passed()).isTrue();
        assertThat(audit.acknowledged()).isGreaterThanOrEqualTo(
                (long) smoke.get("day-workers") * smoke.get("day-questions"));
        assertThat(audit.graded()).isEqualTo(smoke.get("day-workers") - 1
                + smoke.get("save-connections") * smoke.get("save-sessions-per-connection"));

        assertThat(o.databaseKind()).isEqualTo(database);
        assertThat(Report.markdown(o)).contains("### Targets", "Audit passed", o.database(), "server CPU per save")
                .doesNotContain("| n/a |");
    }
}
