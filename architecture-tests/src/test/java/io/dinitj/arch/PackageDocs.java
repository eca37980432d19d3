package io.dinitj.arch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package-documentation check, on plain source trees: every package that holds a class must
 * have a {@code package-info.java} whose Javadoc opens with a real sentence, and no package doc
 * may say that its contents are still to come. Kept apart from {@link PackageDocTest} so the same
 * check runs on the reactor and on the fixture tree that proves it fires.
 */
final class PackageDocs {

    /** The fewest words the first sentence of a package doc may have. */
    static final int MIN_FIRST_SENTENCE_WORDS = 4;

    /**
     * Phrases of a doc written before its package was: they promise contents instead of
     * describing them, and go stale the day the contents arrive.
     */
    static final List<String> STALE_PHRASES =
            List.of("empty for now", "for now", "arrives with", "arrive with", "so far only", "todo");

    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;");
    private static final Pattern INLINE_TAG = Pattern.compile("\\{@\\w+\\s+([^}]*)}");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");

    private PackageDocs() {
    }

    /**
     * Checks the given source roots together: a package split over several roots (a benchmark
     * beside the code it measures) is documented once, in any of them.
     *
     * @param sourceRoots directories such as {@code dinit-core/src/main/java}
     * @return one line per problem, {@code "package: what is wrong"}, sorted; empty if none
     */
    static List<String> problems(List<Path> sourceRoots) throws IOException {
        Set<String> withClasses = new TreeSet<>();
        Map<String, List<Path>> infos = new TreeMap<>();
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                    String name = f.getFileName().toString();
                    if (name.equals("package-info.java")) {
                        infos.computeIfAbsent(pkg, k -> new ArrayList<>()).add(f);
                    } else if (!name.equals("module-info.java")) {
                        withClasses.add(pkg);
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (String pkg : withClasses) {
            if (!infos.containsKey(pkg)) {
                problems.add(pkg + ": no package-info.java (say what the package is for, its main"
                        + " types and how it relates to its neighbours)");
            }
        }
        for (Map.Entry<String, List<Path>> e : infos.entrySet()) {
            for (Path info : e.getValue()) {
                String problem = problem(Files.readString(info, StandardCharsets.UTF_8));
                if (problem != null) {
                    problems.add(e.getKey() + ": " + problem);
                }
            }
        }
        problems.sort(null);
        return problems;
    }

    /** What is wrong with one package-info.java's text, or null if nothing is. */
    static String problem(String source) {
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find()) {
            return "package-info.java has no package declaration";
        }
        String doc = null;
        Matcher m = JAVADOC.matcher(source.substring(0, pkg.start()));
        while (m.find()) {
            doc = m.group(1);
        }
        if (doc == null) {
            return "package-info.java has no Javadoc comment before the package declaration";
        }
        String text = plain(doc);
        if (text.isEmpty()) {
            return "the package doc is empty";
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String phrase : STALE_PHRASES) {
            if (Pattern.compile("\\b" + Pattern.quote(phrase) + "\\b").matcher(lower).find()) {
                return "the package doc says \"" + phrase + "\": describe what the package holds"
                        + " now, not what is to come";
            }
        }
        String first = firstSentence(text);
        int words = first.isBlank() ? 0 : first.trim().split("\\s+").length;
        if (words < MIN_FIRST_SENTENCE_WORDS) {
            return "the package doc's first sentence (\"" + first.trim() + "\") has " + words
                    + " words; it must say in at least " + MIN_FIRST_SENTENCE_WORDS
                    + " what the package is for";
        }
        return null;
    }

    /** The doc's text: comment stars, inline tags and HTML removed, whitespace collapsed. */
    static String plain(String doc) {
        StringBuilder out = new StringBuilder();
        for (String line : doc.split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("*")) {
                l = l.substring(1);
            }
            out.append(l).append(' ');
        }
        String text = INLINE_TAG.matcher(out).replaceAll(r -> Matcher.quoteReplacement(label(r.group(1))));
        text = HTML_TAG.matcher(text).replaceAll(" ");
        return text.replaceAll("\\s+", " ").strip();
    }

    /** The words a reader sees for an inline tag's argument: a link's label, or its last name. */
    private static String label(String arg) {
        String a = arg.strip();
        int space = a.indexOf(' ');
        if (space > 0 && (a.contains(".") || a.contains("#"))) {
            return a.substring(space + 1);
        }
        return a.substring(a.lastIndexOf('.') + 1);
    }

    /** Up to the first full stop followed by a space, as the Javadoc tool cuts its summary. */
    static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }
}
