package io.dinitj.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module arrows of DESIGN.md, as rules over packages under one root: {@code io.dinitj} for
 * the product, another root for the fixtures that prove each rule fires. Arrows point down:
 * collections and api depend on nothing; core on api and collections; plugins on api only;
 * posix on core, api, collections and the jnr libraries; shell on api, core, collections and
 * JLine (but its {@code ctl.passedfd} package, which binds libc for {@code --use-passed-cfd}).
 */
public final class LayerRules {

    /** dinit-collections is a standalone library. */
    public final ArchRule collections_depend_only_on_the_jdk;
    /** dinit-api is what plugins compile against, so it must stay dependency-free. */
    public final ArchRule api_depends_only_on_the_jdk;
    /** dinit-core is the engine; it never sees the platform or the user interface. */
    public final ArchRule core_depends_only_on_api_collections_and_the_jdk;
    /** Plugins see only the SPI. */
    public final ArchRule plugins_depend_only_on_the_api;
    /** The platform layer composes the daemon; it never depends on the user interface. */
    public final ArchRule posix_depends_on_no_shell_or_plugin;
    /**
     * Inside the platform only the system-call room binds libc: every other room calls the
     * {@code Posix} seam, so a test can put a faulty twin in front of the real calls.
     */
    public final ArchRule posix_reaches_jnr_only_through_sys;
    /**
     * The shutdown program ({@code posix.shutdown}) is a program of its own that the daemon
     * execs: it uses the system calls and the API (the protocol codec), no room of the daemon.
     */
    public final ArchRule shutdown_uses_only_sys_and_the_api;
    /** No room of the daemon uses the shutdown program's classes: it execs the program. */
    public final ArchRule daemon_does_not_use_the_shutdown_program;
    /** The shell talks to the daemon through the protocol; it never touches the platform. */
    public final ArchRule shell_depends_on_no_platform;
    /**
     * The daemon never starts a process through the JDK: its reaper's {@code waitpid(-1)} would
     * steal the JDK's children (docs/platform-notes.md §2).
     */
    public final ArchRule daemon_starts_no_processes_through_the_jdk;
    /**
     * No two packages depend on each other, directly or around a circle, in any module: each
     * package is a room with a door one way, so it can be read, tested and changed on its own,
     * and the order the rooms are built in is the order they are read in.
     */
    public final ArchRule packages_are_free_of_cycles;

    /**
     * Creates the rules for the modules under {@code root}.
     *
     * @param root the package the module packages ({@code collections}, {@code api},
     *     {@code core}, {@code plugin}, {@code posix}, {@code shell}) live in
     */
    public LayerRules(String root) {
        String collections = root + ".collections..";
        String api = root + ".api..";
        String core = root + ".core..";
        String plugin = root + ".plugin..";
        String posix = root + ".posix..";
        String shell = root + ".shell..";

        collections_depend_only_on_the_jdk = classes().that().resideInAPackage(collections)
                .should().onlyDependOnClassesThat().resideInAnyPackage(collections, "java..")
                .because("dinit-collections is a reusable library with no dependencies");
        api_depends_only_on_the_jdk = classes().that().resideInAPackage(api)
                .should().onlyDependOnClassesThat().resideInAnyPackage(api, "java..")
                .because("plugins depend on dinit-api alone, so it must depend on nothing");
        core_depends_only_on_api_collections_and_the_jdk = classes().that().resideInAPackage(core)
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(core, api, collections, "java..")
                .because("the engine never depends on platform code, jnr or the shell"
                        + " (DESIGN.md, Modules)");
        plugins_depend_only_on_the_api = classes().that().resideInAPackage(plugin)
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(plugin, api, "java..", "com.google.auto.service..")
                .because("a service type sees the SPI only, never the engine or jnr")
                // Plugin modules arrive with the engine issue; until then there is nothing to
                // check, and ModuleCoverageTest makes sure every module's classes are seen.
                .allowEmptyShould(true);
        posix_depends_on_no_shell_or_plugin = classes().that().resideInAPackage(posix)
                .should().onlyDependOnClassesThat().resideInAnyPackage(posix, core, api,
                        collections, "java..", "jnr..", "com.kenai.jffi..", "sun.misc..")
                .because("the platform layer composes the daemon from core and the jnr bindings;"
                        + " plugins are found through ServiceLoader, not linked");
        posix_reaches_jnr_only_through_sys = noClasses().that().resideInAPackage(posix)
                .and().resideOutsideOfPackage(root + ".posix.sys..")
                .should().dependOnClassesThat().resideInAnyPackage("jnr..", "com.kenai.jffi..")
                .because("system calls go through the Posix interface of posix.sys, whose"
                        + " results are -errno and whose test twin injects failures");
        String shutdown = root + ".posix.shutdown..";
        shutdown_uses_only_sys_and_the_api = classes().that().resideInAPackage(shutdown)
                .should().onlyDependOnClassesThat().resideInAnyPackage(shutdown,
                        root + ".posix.sys..", api, "java..")
                .because("the shutdown program runs when the daemon is gone (it execs it as PID"
                        + " 1): it talks to a daemon through the protocol, to the kernel through"
                        + " the Posix seam, and shares nothing else with the daemon");
        daemon_does_not_use_the_shutdown_program = noClasses().that().resideInAPackage(posix)
                .and().resideOutsideOfPackage(shutdown)
                .should().dependOnClassesThat().resideInAPackage(shutdown)
                .because("the daemon execs dinit-shutdown as a program: calling its classes would"
                        + " kill every process from inside the daemon's own JVM");
        // The one exception: --use-passed-cfd adopts an inherited descriptor, which the JDK
        // cannot do; that package binds libc through jnr-ffi and is loaded only then.
        shell_depends_on_no_platform = classes().that().resideInAPackage(shell)
                .and().resideOutsideOfPackage(root + ".shell.ctl.passedfd..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(shell, core, api,
                        collections, "java..", "org.jline..")
                .because("the client needs no native code, so a one-shot command starts fast");
        daemon_starts_no_processes_through_the_jdk = noClasses()
                .that().resideInAnyPackage(collections, api, core, plugin, posix)
                .should().accessTargetWhere(DescribedPredicate.describe(
                        "is ProcessBuilder or Runtime.exec",
                        (JavaAccess<?> a) -> HotPathRules.startsProcess(a)))
                .because("the reaper's waitpid(-1) would steal the JDK's children;"
                        + " processes start through posix_spawn");
        // Every package is a slice of its own, so a cycle inside a module fails as one across
        // modules does.
        packages_are_free_of_cycles = slices().matching(root + ".(**)").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("a package that imports a package importing it cannot be understood or"
                        + " changed alone; move the shared part down or split the package");
    }
}
