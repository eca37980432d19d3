package io.dinitj.arch;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every architecture rule of the project, by name, in one place. The production test applies
 * them to {@code io.dinitj}; the fixture test applies the same rules to the fixtures and requires
 * each to fire exactly where a fixture says it must.
 */
public final class ArchitectureRules {

    /** The root package of the product. */
    public static final String PRODUCT_ROOT = "io.dinitj";

    private ArchitectureRules() {
    }

    /** A rule and the name it is reported and looked up by. */
    public static final class Named {
        /** The rule's name, as in the field that declares it. */
        public final String name;
        /** The rule. */
        public final ArchRule rule;

        Named(String name, ArchRule rule) {
            this.name = name;
            this.rule = rule;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Returns every rule, sorted by name.
     *
     * @param layerRoot the package the module packages live in
     * @param noRecursionPackages the packages whose code must not recurse
     * @return the rules
     */
    public static List<Named> all(String layerRoot, String... noRecursionPackages) {
        Map<String, ArchRule> rules = new TreeMap<>(HotPathRules.all());
        LayerRules layers = new LayerRules(layerRoot);
        rules.put("collections_depend_only_on_the_jdk", layers.collections_depend_only_on_the_jdk);
        rules.put("api_depends_only_on_the_jdk", layers.api_depends_only_on_the_jdk);
        rules.put("core_depends_only_on_api_collections_and_the_jdk",
                layers.core_depends_only_on_api_collections_and_the_jdk);
        rules.put("plugins_depend_only_on_the_api", layers.plugins_depend_only_on_the_api);
        rules.put("posix_depends_on_no_shell_or_plugin", layers.posix_depends_on_no_shell_or_plugin);
        rules.put("posix_reaches_jnr_only_through_sys", layers.posix_reaches_jnr_only_through_sys);
        rules.put("shutdown_uses_only_sys_and_the_api", layers.shutdown_uses_only_sys_and_the_api);
        rules.put("daemon_does_not_use_the_shutdown_program",
                layers.daemon_does_not_use_the_shutdown_program);
        rules.put("shell_depends_on_no_platform", layers.shell_depends_on_no_platform);
        rules.put("daemon_starts_no_processes_through_the_jdk",
                layers.daemon_starts_no_processes_through_the_jdk);
        rules.put("packages_are_free_of_cycles", layers.packages_are_free_of_cycles);
        rules.put("no_recursion", new RecursionRules(noRecursionPackages).no_recursion);
        TypeNameRules names = new TypeNameRules(layerRoot);
        rules.put("core_and_posix_hold_no_service_type_names",
                names.core_and_posix_hold_no_service_type_names);
        rules.put("only_the_loader_uses_dinit_type_names",
                names.only_the_loader_uses_dinit_type_names);
        List<Named> out = new ArrayList<>();
        rules.forEach((name, rule) -> out.add(new Named(name, rule)));
        return out;
    }

    /**
     * Returns every rule as it applies to the product.
     *
     * @return the rules for {@code io.dinitj}
     */
    public static List<Named> forProduct() {
        // api.protocol holds the codec the daemon's control path runs, so it is held to the
        // daemon's no-recursion rule too.
        return all(PRODUCT_ROOT, PRODUCT_ROOT + ".core", PRODUCT_ROOT + ".collections",
                PRODUCT_ROOT + ".api.protocol");
    }
}
