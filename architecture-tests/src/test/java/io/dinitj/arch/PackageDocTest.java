package io.dinitj.arch;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every package of every module says what it is for: each package that holds a class in any
 * module's {@code src/main/java} has a {@code package-info.java} with a real first sentence, and
 * no package doc promises contents that "arrive with" an issue. Modules and packages are found by
 * walking the reactor, so a new module or package is checked without being listed here.
 */
class PackageDocTest {

    /** Every production package of the reactor is documented, and no doc is stale. */
    @Test
    void every_package_has_a_current_doc() throws IOException {
        Path reactor = reactorRoot();
        List<Path> roots = sourceRoots(reactor);
        assertThat(roots).as("src/main/java directories found under %s", reactor).hasSizeGreaterThanOrEqualTo(5);
        assertThat(PackageDocs.problems(roots))
                .as("package docs to write or rewrite (see PackageDocs for what is checked)")
                .isEmpty();
    }

    /** The check fires on a tree with a missing, an empty, a short and a stale package doc. */
    @Test
    void the_check_reports_each_bad_doc_of_the_fixture_and_only_those() throws Exception {
        Path fixture = resource("package-doc-fixture/src/main/java");
        assertThat(PackageDocs.problems(List.of(fixture)))
                .extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactlyInAnyOrder("fixture.emptydoc", "fixture.missing", "fixture.nodoc",
                        "fixture.shortdoc", "fixture.stale", "fixture.stale2");
    }

    /** The split package of the fixture is documented once, in the other root. */
    @Test
    void a_package_split_over_two_roots_needs_one_doc() throws Exception {
        Path main = resource("package-doc-fixture/src/main/java");
        Path other = resource("package-doc-fixture/other/src/main/java");
        assertThat(PackageDocs.problems(List.of(other))).containsExactly(
                "fixture.good: no package-info.java (say what the package is for, its main types"
                        + " and how it relates to its neighbours)");
        assertThat(PackageDocs.problems(List.of(main, other)))
                .noneMatch(p -> p.startsWith("fixture.good:"));
    }

    /** The first sentence is what the Javadoc tool shows; inline tags count as their words. */
    @Test
    void the_first_sentence_reads_links_as_their_labels() {
        assertThat(PackageDocs.firstSentence(PackageDocs.plain(
                " * Lists for {@link io.dinitj.collections.DList the engine}. More.\n")))
                .isEqualTo("Lists for the engine.");
        assertThat(PackageDocs.problem("/** Empty for now: arrives later. */\npackage a;"))
                .contains("\"empty for now\"");
        assertThat(PackageDocs.problem("/** Utilities. */\npackage a;")).contains("has 1 words");
    }

    /**
     * The reactor's root: the nearest directory, from the working directory (the module's,
     * under Maven) up, whose pom.xml lists architecture-tests as a module.
     */
    static Path reactorRoot() throws IOException {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom)
                    && Files.readString(pom).contains("<module>architecture-tests</module>")) {
                return dir;
            }
        }
        throw new AssertionError("no reactor root above " + start + ": no pom.xml that lists"
                + " <module>architecture-tests</module>; run the tests from the reactor with Maven");
    }

    /** Every module's src/main/java under the reactor, nested modules (plugins/*) included. */
    static List<Path> sourceRoots(Path reactor) throws IOException {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(reactor, 5)) {
            for (Path p : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path rel = reactor.relativize(p);
                boolean skipped = false;
                for (Path part : rel) {
                    String n = part.toString();
                    skipped |= n.equals("target") || n.startsWith(".");
                }
                if (!skipped && p.endsWith(Path.of("src", "main", "java"))
                        && Files.isRegularFile(p.getParent().getParent().getParent().resolve("pom.xml"))) {
                    roots.add(p);
                }
            }
        }
        return roots;
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = PackageDocTest.class.getClassLoader().getResource(name);
        assertThat(url).as("test resource %s", name).isNotNull();
        return Path.of(url.toURI());
    }
}
