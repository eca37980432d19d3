package io.dinitj.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * What a service type can do is declared by the type ({@code TypeCapability}), never decided
 * from its name: so the engine and the platform hold no type name, and Dinit's facts about
 * names ({@code DinitTypeNames}: the default type, upstream's listing order, which names are
 * Dinit's own) are read only by the loader, whose messages need them.
 */
public final class TypeNameRules {

    /**
     * The type names that core and the platform must not hold as string constants: Dinit's
     * five and the ones the project itself ships or documents.
     */
    static final Set<String> TYPE_NAMES = Set.of("process", "bgprocess", "scripted", "internal",
            "triggered", "timer", "tcp-wait");

    /** No class of dinit-core or dinit-posix holds a service type name as a string constant. */
    public final ArchRule core_and_posix_hold_no_service_type_names;
    /** Only the loader reads Dinit's facts about type names. */
    public final ArchRule only_the_loader_uses_dinit_type_names;

    /**
     * Creates the rules for the modules under {@code root}.
     *
     * @param root the package the module packages ({@code api}, {@code core}, {@code posix})
     *     live in
     */
    public TypeNameRules(String root) {
        core_and_posix_hold_no_service_type_names = classes()
                .that().resideInAnyPackage(root + ".core..", root + ".posix..")
                .should(holdNoTypeName())
                .because("what a type can do is what it declares (TypeCapability); a name"
                        + " test treats a third-party type wrongly");
        only_the_loader_uses_dinit_type_names = noClasses()
                .that().resideOutsideOfPackages(root + ".core.load..", root + ".api.description..")
                .should().dependOnClassesThat()
                .haveFullyQualifiedName(root + ".api.description.DinitTypeNames")
                .because("Dinit's facts about type names are facts of the file format, for the"
                        + " loader's defaults and messages; elsewhere they would become"
                        + " behaviour by name");
    }

    private static ArchCondition<JavaClass> holdNoTypeName() {
        return new ArchCondition<>("hold no service type name as a string constant") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (String constant : Bytecode.stringConstants(type)) {
                    if (TYPE_NAMES.contains(constant)) {
                        events.add(SimpleConditionEvent.violated(type, "Class <"
                                + type.getName() + "> holds the string constant \"" + constant
                                + "\", a service type name"));
                    }
                }
            }
        };
    }
}
