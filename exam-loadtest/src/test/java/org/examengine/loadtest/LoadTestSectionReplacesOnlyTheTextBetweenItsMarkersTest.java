package org.examengine.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadTestSectionReplacesOnlyTheTextBetweenItsMarkersTest {

    @TempDir
    Path dir;

    @Test
    void markersAreAddedAtTheEndWhenMissing() throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "# Benchmarks\n\nStorage figures.\n");

        Report.writeSection(doc, "## Load test\n\nfirst\n");

        assertThat(Files.readString(doc)).isEqualTo("# Benchmarks\n\nStorage figures.\n\n"
                + Report.BEGIN + "\n## Load test\n\nfirst\n" + Report.END + "\n");
    }

    @Test
    void aSecondRunReplacesTheSectionAndKeepsWhatSurroundsIt() throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "# Benchmarks\n\n" + Report.BEGIN + "\nold\n" + Report.END + "\n\n## JPA\n\nkept\n");

        Report.writeSection(doc, "new");

        assertThat(Files.readString(doc)).isEqualTo("# Benchmarks\n\n" + Report.BEGIN + "\nnew\n" + Report.END
                + "\n\n## JPA\n\nkept\n");
    }

    @Test
    void aPostgresqlRunHasASectionOfItsOwnBesideTheH2One() throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "# Benchmarks\n\n" + Report.BEGIN + "\nh2\n" + Report.END + "\n");

        Report.writeSection(doc, "postgresql, first", RunDatabase.Kind.POSTGRESQL);
        Report.writeSection(doc, "postgresql, second", RunDatabase.Kind.POSTGRESQL);

        assertThat(Files.readString(doc)).isEqualTo("# Benchmarks\n\n" + Report.BEGIN + "\nh2\n" + Report.END
                + "\n\n" + Report.POSTGRESQL_BEGIN + "\npostgresql, second\n" + Report.POSTGRESQL_END + "\n");
    }
}
