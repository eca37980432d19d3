package io.dinitj.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.dinitj.arch.fixture.Violates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves each architecture rule against the fixtures: it must report every fixture class or
 * member marked {@link Violates} with its name, and nothing else. A rule whose predicate is
 * broken misses a marked fixture or reports a clean one; a rule whose fixture is deleted has
 * nothing marked. Either way this test fails, so no rule can silently match nothing.
 */
class RuleFixturesTest {

    static final String FIXTURES_PACKAGE = "io.dinitj.arch.fixture";
    static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURES_PACKAGE);

    static List<ArchitectureRules.Named> fixtureRules() {
        return ArchitectureRules.all(FIXTURES_PACKAGE + ".layers", FIXTURES_PACKAGE);
    }

    /** Each rule fires on exactly the fixture code marked with its name. */
    @TestFactory
    Stream<DynamicTest> each_rule_fires_exactly_where_its_fixture_says() {
        return fixtureRules().stream().map(named -> DynamicTest.dynamicTest(named.name, () -> {
            List<Mark> marks = marksFor(named.name);
            assertThat(marks)
                    .as("rule %s has no fixture: mark fixture code @Violates(\"%s\")",
                            named.name, named.name)
                    .isNotEmpty();

            EvaluationResult result = named.rule.evaluate(FIXTURES);
            List<String> details = new ArrayList<>();
            for (String line : result.getFailureReport().getDetails()) {
                // Lines about the marker annotation itself are an artefact of marking.
                if (!line.contains(Violates.class.getName())) {
                    details.add(line);
                }
            }
            for (String line : details) {
                assertThat(marks.stream().anyMatch(m -> m.reportedBy(line)))
                        .as("rule %s reported unmarked fixture code: %s", named.name, line)
                        .isTrue();
            }
            for (Mark mark : marks) {
                assertThat(details.stream().anyMatch(mark::reportedBy))
                        .as("rule %s did not report %s; it reported:%n%s", named.name, mark,
                                String.join("\n", details))
                        .isTrue();
            }
        }));
    }

    /** The fixtures mark no rule that does not exist, so a renamed rule cannot lose its fixture. */
    @Test
    void every_mark_names_an_existing_rule() {
        List<String> names = fixtureRules().stream().map(n -> n.name).toList();
        for (JavaClass c : FIXTURES) {
            for (String name : marksOn(c.tryGetAnnotationOfType(Violates.class).orElse(null))) {
                assertThat(names).as("%s marks unknown rule", c.getName()).contains(name);
            }
            for (JavaCodeUnit u : c.getCodeUnits()) {
                for (String name : marksOn(u.tryGetAnnotationOfType(Violates.class).orElse(null))) {
                    assertThat(names).as("%s marks unknown rule", u.getFullName()).contains(name);
                }
            }
        }
    }

    /** A marked class or member, and how to recognise a report line about it. */
    private static final class Mark {
        final String description;
        final String className;

        Mark(JavaCodeUnit unit) {
            this.description = unit.getDescription();
            this.className = null;
        }

        Mark(JavaClass type) {
            this.description = null;
            this.className = type.getName();
        }

        boolean reportedBy(String line) {
            if (description != null) {
                return line.startsWith(description);
            }
            // ArchUnit names the origin first: "Class <C> ...", "Field <C.f> ...",
            // "Method <C.m()> ...". Nested classes belong to the marked class.
            int open = line.indexOf('<');
            if (open < 0 || !line.startsWith(className, open + 1)) {
                return false;
            }
            char next = line.charAt(open + 1 + className.length());
            return next == '>' || next == '.' || next == '$';
        }

        @Override
        public String toString() {
            return description != null ? description : "class " + className;
        }
    }

    private static List<Mark> marksFor(String rule) {
        List<Mark> marks = new ArrayList<>();
        for (JavaClass c : FIXTURES) {
            if (marksOn(c.tryGetAnnotationOfType(Violates.class).orElse(null)).contains(rule)) {
                marks.add(new Mark(c));
            }
            for (JavaCodeUnit u : c.getCodeUnits()) {
                if (marksOn(u.tryGetAnnotationOfType(Violates.class).orElse(null)).contains(rule)) {
                    marks.add(new Mark(u));
                }
            }
        }
        return marks;
    }

    private static List<String> marksOn(Violates annotation) {
        return annotation == null ? List.of() : Arrays.asList(annotation.value());
    }
}
