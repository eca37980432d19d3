package io.dinitj.posix.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dinitj.api.description.LoadOption;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.posix.shutdown.DinitShutdown;
import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.shell.check.DinitCheck;
import io.dinitj.shell.ctl.Command;
import io.dinitj.shell.ctl.Dinitctl;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The manual pages of the distribution ({@code dinit-dist/src/man/}) stay in step with the
 * programs: every option a program's {@code --help} prints, every command of dinitctl's
 * {@link Command} table and every setting and option word the service-file loader knows is an
 * entry (a {@code .TP} tag) of its page, and each page renders without a warning under
 * {@code man --warnings}. The pages are written by hand, not generated: the help texts are
 * upstream's exact wording, a line each, and a page says more (defaults, files, exit
 * statuses, Dinit/J's differences), so this test is what ties the two together.
 */
class ManualPagesTest {

    /** The pages, from the reactor root (the parent of this module's directory). */
    private static final Path MAN = Path.of("").toAbsolutePath().getParent()
            .resolve("dinit-dist").resolve("src").resolve("man");

    private static final Path DINIT = MAN.resolve("man8/dinit.8");
    private static final Path DINITCTL = MAN.resolve("man8/dinitctl.8");
    private static final Path DINIT_CHECK = MAN.resolve("man8/dinit-check.8");
    private static final Path DINIT_SHELL = MAN.resolve("man8/dinit-shell.8");
    private static final Path DINIT_SHUTDOWN = MAN.resolve("man8/dinit-shutdown.8");
    private static final Path SERVICE = MAN.resolve("man5/dinit-service.5");
    private static final List<Path> PAGES = List.of(DINIT, DINITCTL, DINIT_CHECK, DINIT_SHELL,
            DINIT_SHUTDOWN, SERVICE);

    /** An option in a help text: a dash or two and a name, not inside a word. */
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[A-Za-z][\\w-]*");

    @Test
    void daemonPage_hasEveryOptionOfItsHelp() throws IOException {
        String help = output(out -> DinitDaemon.run(new String[] {"--help"}, out, out, Map.of()));
        assertEntries(DINIT, options(help));
    }

    @Test
    void dinitctlPage_hasEveryOptionOfItsHelp() throws IOException {
        assertEntries(DINITCTL, options(dinitctlHelp()));
    }

    @Test
    void dinitctlPage_hasEveryCommandOfTheTable() throws IOException {
        Set<String> words = new TreeSet<>();
        for (Command c : Command.values()) {
            words.add(c.word());
            words.addAll(c.options());
        }
        assertEntries(DINITCTL, words);
    }

    @Test
    void checkPage_hasEveryOptionOfItsHelp() throws IOException {
        String help = output(out -> DinitCheck.run(new String[] {"--help"}, out, out, Map.of(),
                1000));
        assertEntries(DINIT_CHECK, options(help));
    }

    /** The shell takes dinitctl's general options and puts them in front of every line. */
    @Test
    void shutdownPage_hasEveryOptionOfItsHelp() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        assertThat(DinitShutdown.run(new String[] {"--help"}, out, out, Map.of(),
                "dinit-shutdown", JnrPosix.get())).as("--help exits 1, as upstream's").isOne();
        assertEntries(DINIT_SHUTDOWN, options(buffer.toString(StandardCharsets.UTF_8)));
    }

    @Test
    void shellPage_hasDinitctlsGeneralOptions() throws IOException {
        String help = dinitctlHelp();
        int from = help.indexOf("General options:");
        int to = help.indexOf("Command options:");
        assertThat(from).as("dinitctl --help has its general options").isNotNegative();
        assertThat(to).isGreaterThan(from);
        assertEntries(DINIT_SHELL, options(help.substring(from, to)));
    }

    @Test
    void servicePage_hasEverySettingAndOptionWord() throws Exception {
        Set<String> words = new TreeSet<>(loaderSettings());
        for (ServiceOption o : ServiceOption.values()) {
            words.add(o.word());
        }
        for (LoadOption o : LoadOption.values()) {
            words.add(o.word());
        }
        assertEntries(SERVICE, words);
    }

    @Test
    void everyPage_hasTheUsualSections() throws IOException {
        for (Path page : PAGES) {
            List<String> sections = new ArrayList<>();
            for (String line : Files.readAllLines(page)) {
                if (line.startsWith(".SH ")) {
                    sections.add(line.substring(4).replace("\"", ""));
                }
            }
            assertThat(sections).as(page.toString())
                    .startsWith("NAME", "SYNOPSIS", "DESCRIPTION").endsWith("SEE ALSO")
                    .contains("FILES", "EXAMPLES");
            if (!page.equals(SERVICE)) {
                assertThat(sections).as(page.toString())
                        .contains("EXIT STATUS", "ENVIRONMENT")
                        .anySatisfy(s -> assertThat(s).contains("OPTIONS"));
            }
        }
    }

    @Test
    void everyPage_rendersWithoutWarnings() throws Exception {
        assumeTrue(onPath("man"), "man is not installed here: the rendering check is skipped,"
                + " on the assumption that the build host that packages the pages has it");
        for (Path page : PAGES) {
            assertQuiet(page, List.of("man", "--warnings", "-l", page.toString()));
            if (onPath("groff")) {
                assertQuiet(page, List.of("groff", "-man", "-ww", "-z", page.toString()));
            }
        }
    }

    /** A program run in-process with one stream for both its outputs. */
    private interface Program {
        int run(PrintStream out);
    }

    private static String output(Program p) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        assertThat(p.run(out)).as("--help exits 0").isZero();
        out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static String dinitctlHelp() {
        return output(out -> Dinitctl.run(new String[] {"--help"}, out, out, Map.of()));
    }

    private static Set<String> options(String help) {
        Set<String> found = new TreeSet<>();
        Matcher m = OPTION.matcher(help);
        while (m.find()) {
            found.add(m.group());
        }
        assertThat(found).as("options in\n" + help).isNotEmpty();
        return found;
    }

    /**
     * The loader's own list of setting names. It is package-private in dinit-core (nothing else
     * needs it), so it is read reflectively; a rename fails here, loudly.
     */
    @SuppressWarnings("unchecked")
    private static Set<String> loaderSettings() throws Exception {
        Class<?> parser = Class.forName("io.dinitj.core.load.ServiceFileParser");
        Field f = parser.getDeclaredField("SETTINGS");
        f.setAccessible(true);
        Set<String> settings = (Set<String>) f.get(null);
        assertThat(settings).contains("type", "command", "waits-for.d");
        return settings;
    }

    /** Fails naming every word that is not an entry of the page. */
    private static void assertEntries(Path page, Set<String> words) throws IOException {
        List<String> tags = tags(page);
        List<String> missing = new ArrayList<>();
        for (String w : words) {
            Pattern p = Pattern.compile("(?<![\\w.-])" + Pattern.quote(w) + "(?![\\w-])");
            if (tags.stream().noneMatch(t -> p.matcher(t).find())) {
                missing.add(w);
            }
        }
        assertThat(missing).as("not described in " + MAN.relativize(page)
                + " (add a .TP entry for each)").isEmpty();
    }

    /** The tag lines of a page's {@code .TP} entries, with roff escapes taken out. */
    private static List<String> tags(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<String> tags = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).equals(".TP")) {
                tags.add(plain(lines.get(i + 1)));
            }
        }
        return tags;
    }

    private static String plain(String roff) {
        return roff.replaceAll("\\\\f[BIRP]", "").replace("\\-", "-").replace("\\&", "")
                .replace("\\%", "").replace("\\c", "").replace("\"", " ");
    }

    private static void assertQuiet(Path page, List<String> command) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        b.environment().put("MANWIDTH", "80");
        Process p = b.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + err).isZero();
        assertThat(err).as(String.join(" ", command)).isEmpty();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
