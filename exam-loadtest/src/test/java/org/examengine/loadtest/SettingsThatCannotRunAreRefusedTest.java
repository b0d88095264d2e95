package org.examengine.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SettingsThatCannotRunAreRefusedTest {

    @Test
    void theStandardAndSmokeRunsAreValid() {
        assertThat(Settings.standard().validate().get("start-workers")).isEqualTo(5_000);
        assertThat(Settings.smoke().validate().name()).isEqualTo("smoke");
    }

    @Test
    void fewerStartedWorkersThanTheThroughputScenarioSavesOnAreRefusedUpFront() {
        Settings s = Settings.standard().set("start-workers", "200");
        assertThatThrownBy(s::validate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--start-workers must be at least --save-connections x "
                        + "--save-sessions-per-connection (512)");
        assertThat(Settings.standard().set("start-workers", "200").set("save-connections", "25").validate()
                .get("start-workers")).isEqualTo(200);
    }

    @Test
    void serverSettingsTheServerWouldRefuseAreRefusedHere() {
        assertThatThrownBy(() -> Settings.standard().set("server-start-burst", "0").validate())
                .hasMessageContaining("--server-start-burst");
        assertThatThrownBy(() -> Settings.standard().set("server-push-coalescing-ms", "1001").validate())
                .hasMessageContaining("--server-push-coalescing-ms");
    }

    @Test
    void noConnectionsSessionsOrQuestionsToSaveOnAreRefused() {
        for (String key : List.of("start-connections", "save-connections", "save-sessions-per-connection",
                "save-measure-seconds", "day-questions", "day-connections")) {
            assertThatThrownBy(() -> Settings.standard().set(key, "0").validate())
                    .hasMessage("--" + key + " must be at least 1");
        }
        assertThat(Settings.standard().set("day-questions", "1").validate().get("day-questions")).isEqualTo(1);
    }

    @Test
    void measuredWindowsShorterThanASecondAreRefused() {
        assertThatThrownBy(() -> Settings.standard().set("save-windows", "31").validate())
                .hasMessage("--save-windows must be 1 to --save-measure-seconds (30): each measured window lasts at "
                        + "least a second");
        assertThatThrownBy(() -> Settings.standard().set("save-windows", "0").validate())
                .hasMessageStartingWith("--save-windows must be 1");
        assertThat(Settings.standard().set("save-windows", "30").validate().get("save-windows")).isEqualTo(30);
    }

    @Test
    void unknownNamesAndNegativeValuesAreRefused() {
        assertThatThrownBy(() -> Settings.standard().set("start-wrokers", "10"))
                .hasMessageStartingWith("unknown setting --start-wrokers");
        assertThatThrownBy(() -> Settings.standard().set("day-workers", "-1"))
                .hasMessage("--day-workers must not be negative");
        assertThatThrownBy(() -> Settings.standard().set("day-workers", "many"))
                .hasMessage("--day-workers must be a whole number, got many");
    }

    @Test
    void theDatabasesOfARunAreOneOrBothInTheOrderGivenEachOnce() {
        assertThat(RunDatabase.Kind.list("h2")).containsExactly(RunDatabase.Kind.H2);
        assertThat(RunDatabase.Kind.list("postgresql,h2"))
                .containsExactly(RunDatabase.Kind.POSTGRESQL, RunDatabase.Kind.H2);
        assertThatThrownBy(() -> RunDatabase.Kind.list("postgres"))
                .hasMessage("--database must be h2, postgresql or both separated by a comma, got postgres");
        assertThatThrownBy(() -> RunDatabase.Kind.list("h2,h2")).hasMessage("--database names h2 twice");
        assertThatThrownBy(() -> RunDatabase.Kind.list("")).hasMessageStartingWith("--database must be");
    }
}
