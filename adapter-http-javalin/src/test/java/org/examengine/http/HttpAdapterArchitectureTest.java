package org.examengine.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The adapter shows only its entry classes and talks to the engine through its use cases. */
@AnalyzeClasses(packages = "org.examengine.http", importOptions = ImportOption.DoNotIncludeTests.class)
class HttpAdapterArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheEntryClassesArePublic = classes().that().arePublic()
            .should().haveSimpleName("ExamHttpServer").orShould().haveSimpleName("Builder")
            .orShould().haveSimpleName("WebSocketMonitoringPublisher")
            // The results as CSV, which the command line prints as the API serves them.
            .orShould().haveSimpleName("ResultsCsv");

    @ArchTest
    static final ArchRule noServiceInternalsOrInMemoryStorage = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.examengine.application.service..",
                    "org.examengine.application.inmemory..", "org.examengine.testkit..");
}
