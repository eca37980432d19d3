package io.dinitj.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Applies every architecture rule to the product's classes. When a rule fires, its message says
 * which rule, why it exists, and the offending line; see README.md, "When an architecture rule
 * fires".
 */
class ArchitectureTest {

    /** The production classes of every module on this module's class path. */
    static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/architecture-tests/"))
            .importPackages(ArchitectureRules.PRODUCT_ROOT);

    /** The product obeys each rule. */
    @TestFactory
    Stream<DynamicTest> the_product_obeys_every_rule() {
        return ArchitectureRules.forProduct().stream()
                .map(named -> DynamicTest.dynamicTest(named.name, () -> named.rule.check(PRODUCT)));
    }
}
