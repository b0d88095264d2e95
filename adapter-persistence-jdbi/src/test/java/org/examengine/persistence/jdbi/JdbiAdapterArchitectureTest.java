package org.examengine.persistence.jdbi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The adapter shows two public classes, the storage and the cross-node event relay, whose API speaks only of
 * ports and JDK types.
 */
@AnalyzeClasses(packages = "org.examengine.persistence.jdbi", importOptions = ImportOption.DoNotIncludeTests.class)
class JdbiAdapterArchitectureTest {

    private static final String[] DRIVER_PACKAGES = {"org.jdbi..", "com.zaxxer..", "org.flywaydb..", "java.sql..",
        "javax.sql..", "org.h2..", "org.postgresql.."};

    @ArchTest
    static final ArchRule onlyTheEntryClassesArePublic = classes()
            .that().doNotHaveSimpleName("JdbiExamStorage").and().doNotHaveSimpleName("PostgresEventRelay")
            .and().doNotHaveSimpleName("H2Durability")
            .should().notBePublic();

    @ArchTest
    static final ArchRule publicMethodsShowNoDriverTypes = noMethods()
            .that().arePublic()
            .should(mention(DRIVER_PACKAGES));

    @ArchTest
    static final ArchRule theAdapterUsesPortsNotServices = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.examengine.application.service..",
                    "org.examengine.application.inmemory..");

    private static ArchCondition<JavaMethod> mention(String... packages) {
        return new ArchCondition<>("mention a type of " + String.join(", ", packages)) {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                List<JavaClass> types = new ArrayList<>(method.getRawParameterTypes());
                types.add(method.getRawReturnType());
                for (JavaClass type : types) {
                    boolean driver = JavaClass.Predicates.resideInAnyPackage(packages).test(type);
                    events.add(new SimpleConditionEvent(method, driver,
                            method.getFullName() + " uses " + type.getName()));
                }
            }
        };
    }
}
