package org.examengine.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The arrows point inward across the whole build; only the CLI, the assembly, sees every adapter. */
@AnalyzeClasses(packages = "org.examengine", importOptions = ImportOption.DoNotIncludeTests.class)
class HexagonalArchitectureTest {

    private static final String DOMAIN = "org.examengine.domain..";
    private static final String APPLICATION = "org.examengine.application..";
    private static final String PERSISTENCE = "org.examengine.persistence..";
    private static final String HTTP = "org.examengine.http..";
    private static final String CLI = "org.examengine.cli..";
    private static final String TESTKIT = "org.examengine.testkit..";

    @ArchTest
    static final ArchRule domainKnowsNoOuterLayer = noClasses().that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage(APPLICATION, PERSISTENCE, HTTP, CLI, TESTKIT);

    @ArchTest
    static final ArchRule applicationKnowsNoAdapter = noClasses().that().resideInAPackage(APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE, HTTP, CLI, TESTKIT);

    @ArchTest
    static final ArchRule persistenceDoesNotKnowOtherAdapters = noClasses().that().resideInAPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAnyPackage(HTTP, CLI).allowEmptyShould(true);

    @ArchTest
    static final ArchRule httpDoesNotKnowOtherAdapters = noClasses().that().resideInAPackage(HTTP)
            .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE, CLI).allowEmptyShould(true);

    @ArchTest
    static final ArchRule adaptersUseUseCasesNotServiceInternals = noClasses()
            .that().resideInAnyPackage(PERSISTENCE, HTTP, CLI)
            .should().dependOnClassesThat().resideInAPackage("org.examengine.application.service..");

    @ArchTest
    static final ArchRule productionCodeDoesNotUseTheTestkit = noClasses()
            .that().resideInAnyPackage(DOMAIN, APPLICATION, PERSISTENCE, HTTP, CLI)
            .should().dependOnClassesThat().resideInAPackage(TESTKIT);
}
