package org.examengine.persistence.jpa;

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
 * The adapter shows one public class, whose API speaks of ports, JDK types and the standard Jakarta
 * Persistence types a host hands in, never of Hibernate, Flyway, the pool or a driver; its entities stay
 * inside.
 */
@AnalyzeClasses(packages = "org.examengine.persistence.jpa", importOptions = ImportOption.DoNotIncludeTests.class)
class JpaAdapterArchitectureTest {

    private static final String[] PROVIDER_PACKAGES = {"org.hibernate..", "com.zaxxer..", "org.flywaydb..",
        "java.sql..", "org.h2..", "org.postgresql.."};

    @ArchTest
    static final ArchRule onlyTheEntryClassIsPublic = classes()
            .that().doNotHaveSimpleName("JpaExamStorage")
            .should().notBePublic();

    @ArchTest
    static final ArchRule publicMethodsShowNoProviderTypes = noMethods()
            .that().arePublic()
            .should(mention(PROVIDER_PACKAGES));

    @ArchTest
    static final ArchRule entitiesAreUsedOnlyInsideTheAdapter = classes()
            .that().areAnnotatedWith(jakarta.persistence.Entity.class)
            .should().onlyBeAccessed().byClassesThat().resideInAPackage("org.examengine.persistence.jpa");

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
                    boolean provider = JavaClass.Predicates.resideInAnyPackage(packages).test(type);
                    events.add(new SimpleConditionEvent(method, provider,
                            method.getFullName() + " uses " + type.getName()));
                }
            }
        };
    }
}
