package io.dinitj.posix.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The deliberate differences from upstream, read from {@code compat/differential-known.txt}:
 * line rules applied to one field of a step before the comparison, so that what they describe
 * is not reported. A line of the file is
 *
 * <pre>
 * ID FIELD SIDE drop REGEX
 * ID FIELD SIDE replace REGEX =&gt; REPLACEMENT
 * </pre>
 *
 * where FIELD is a step's field ({@code status stdout stderr list log exit}, {@code check-out}
 * and {@code check-err} for dinit-check) or {@code *}, SIDE is {@code upstream}, {@code ours}
 * (our daemon, with either dinitctl) or {@code both}; {@code drop} removes the lines the
 * regex matches in full, {@code replace} rewrites every match within a line. {@code #} starts a
 * comment line. Each rule records whether it was used, so a rule nothing needs any more shows.
 */
final class KnownDifferences {

    private record Rule(String id, String field, String side, boolean drop, Pattern regex,
            String replacement) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final Set<String> used = new TreeSet<>();

    KnownDifferences(Path file) throws IOException {
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] p = t.split("\\s+", 5);
            if (p.length < 5 || !(p[3].equals("drop") || p[3].equals("replace"))
                    || !Set.of("upstream", "ours", "both").contains(p[2])) {
                throw new IllegalArgumentException(file + ":" + n + ": expected 'ID FIELD SIDE"
                        + " drop|replace REGEX [=> REPLACEMENT]': " + line);
            }
            String regex = p[4];
            String replacement = null;
            if (p[3].equals("replace")) {
                int arrow = regex.lastIndexOf(" => ");
                if (arrow < 0) {
                    throw new IllegalArgumentException(file + ":" + n + ": replace needs ' => '");
                }
                replacement = regex.substring(arrow + 4);
                regex = regex.substring(0, arrow);
            }
            try {
                rules.add(new Rule(p[0], p[1], p[2], p[3].equals("drop"), Pattern.compile(regex),
                        replacement));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
            }
        }
    }

    /** Applies the rules for a field of one side ({@code upstream} or {@code ours}). */
    synchronized String apply(String field, String side, String text) {
        if (text == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            boolean keep = true;
            for (Rule r : rules) {
                if (!(r.field.equals("*") || r.field.equals(field))
                        || !(r.side.equals("both") || r.side.equals(side))) {
                    continue;
                }
                if (r.drop) {
                    if (r.regex.matcher(line).matches()) {
                        used.add(r.id);
                        keep = false;
                        break;
                    }
                } else {
                    String after = r.regex.matcher(line).replaceAll(r.replacement);
                    if (!after.equals(line)) {
                        used.add(r.id);
                        line = after;
                    }
                }
            }
            if (keep) {
                out.add(line);
            }
        }
        return String.join("\n", out);
    }

    /** The ids of the rules that changed something so far. */
    synchronized Set<String> used() {
        return new TreeSet<>(used);
    }

    /** Every rule id. */
    Set<String> ids() {
        Set<String> s = new TreeSet<>();
        for (Rule r : rules) {
            s.add(r.id);
        }
        return s;
    }
}
