package org.examengine.application;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.examengine.application", importOptions = ImportOption.DoNotIncludeTests.class)
class ApplicationArchitectureTest {

    @ArchTest
    static final ArchRule applicationDependsOnlyOnDomainAndJdk = classes()
            .that().resideInAPackage("org.examengine.application..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.examengine.application..",
                    "org.examengine.domain..", "java.lang..", "java.util..", "java.time..", "java.math..",
                    "java.security..", "java.nio.charset..")
            .because("the core runs with no framework, no SQL and no I/O");

    @ArchTest
    static final ArchRule inPortsAndOutPortsAreIndependent = noClasses()
            .that().resideInAPackage("..port.in..").should().dependOnClassesThat().resideInAPackage("..port.out..")
            .orShould().dependOnClassesThat().resideInAPackage("..service..");

    @ArchTest
    static final ArchRule outPortsDoNotKnowUseCases = noClasses()
            .that().resideInAPackage("..port.out..").should().dependOnClassesThat().resideInAPackage("..port.in..")
            .orShould().dependOnClassesThat().resideInAPackage("..service..");

    @ArchTest
    static final ArchRule servicesUseOnlyPortsNotAdapters = noClasses()
            .that().resideInAPackage("..service..").should().dependOnClassesThat()
            .resideInAnyPackage("..inmemory..", "..sample..");

    @ArchTest
    static final ArchRule applicationNeverReadsTheWallClock = noClasses()
            .that().resideInAPackage("org.examengine.application..")
            .and().doNotHaveFullyQualifiedName(ExamEngine.Builder.class.getName())
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .because("time comes from the injected Clock; only the builder's default names the system clock");

    @ArchTest
    static final ArchRule applicationPackagesHaveNoCycles = slices().matching("org.examengine.application.(*)..")
            .should().beFreeOfCycles();
}
