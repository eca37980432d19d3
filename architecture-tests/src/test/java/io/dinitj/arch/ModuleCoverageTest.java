package io.dinitj.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules are applied to every module as it appears: each package of every production module
 * in the reactor must be among the classes {@link ArchitectureTest} checks. A new module that is
 * not yet a dependency of architecture-tests makes this fail, naming it.
 */
class ModuleCoverageTest {

    /** Modules that are not product code. */
    private static final Set<String> NOT_PRODUCT = Set.of("architecture-tests", "benchmarks");

    /** Every package of every production module is seen by the architecture rules. */
    @Test
    void every_module_package_is_checked() throws IOException {
        Path reactor = Path.of("").toAbsolutePath().getParent();
        Set<String> checked = ArchitectureTest.PRODUCT.stream()
                .map(JavaClass::getPackageName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>();
        int modules = 0;
        try (Stream<Path> dirs = Files.walk(reactor, 4)) {
            for (Path src : dirs.filter(p -> p.endsWith(Path.of("src", "main", "java"))).toList()) {
                Path module = src.getParent().getParent().getParent();
                if (NOT_PRODUCT.contains(module.getFileName().toString())) {
                    continue;
                }
                modules++;
                for (String pkg : packagesUnder(src)) {
                    if (!checked.contains(pkg)) {
                        missing.add(reactor.relativize(module) + ": " + pkg);
                    }
                }
            }
        }
        assertThat(modules).as("production modules found under %s", reactor).isGreaterThanOrEqualTo(5);
        assertThat(missing)
                .as("packages the architecture rules do not see; add the module as a dependency of"
                        + " architecture-tests/pom.xml (and run the build from the root)")
                .isEmpty();
    }

    private static Set<String> packagesUnder(Path src) throws IOException {
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> src.relativize(f.getParent()).toString().replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
