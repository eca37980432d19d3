package io.dinitj.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;

/**
 * The no-recursion rule: no method or constructor in the given packages may reach itself through
 * calls within those packages. Direct, mutual, through a lambda (ArchUnit attributes a lambda's
 * calls to the method that creates it), through a method reference, and through a call on an
 * interface or superclass (counted as a possible call to every override in the packages). Not
 * visible: calls through reflection, method handles, or a callback stored in a field.
 */
public final class RecursionRules {

    private final String[] packages;

    /**
     * The rule itself: code in the packages is not (mutually) recursive.
     */
    public final ArchRule no_recursion;

    /**
     * Creates the rule for code in {@code packages} (package names; subpackages included).
     *
     * @param packages the packages whose code must not recurse
     */
    public RecursionRules(String... packages) {
        this.packages = packages.clone();
        this.no_recursion = codeUnits()
                .that(DescribedPredicate.describe("are declared in " + String.join(", ", packages),
                        (JavaCodeUnit u) -> inScope(u)))
                .should(new NotRecursive())
                .because("a supervisor must not run out of stack: propagation, loading and graph"
                        + " walks use explicit work lists (DESIGN.md, rule 1)");
    }

    private boolean inScope(JavaCodeUnit unit) {
        String pkg = unit.getOwner().getPackageName();
        for (String p : packages) {
            if (pkg.equals(p) || pkg.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    private final class NotRecursive extends ArchCondition<JavaCodeUnit> {
        private final Map<JavaCodeUnit, List<JavaCodeUnit>> callees = new HashMap<>();

        NotRecursive() {
            super("not be (mutually) recursive");
        }

        @Override
        public void check(JavaCodeUnit start, ConditionEvents events) {
            // Breadth-first search from start's callees: the first path back to start is the
            // shortest cycle through it, which makes the clearest message.
            Map<JavaCodeUnit, JavaCodeUnit> parent = new HashMap<>();
            Deque<JavaCodeUnit> queue = new ArrayDeque<>();
            for (JavaCodeUnit c : calleesOf(start)) {
                if (c.equals(start)) {
                    report(start, List.of(start, start), events);
                    return;
                }
                if (!parent.containsKey(c)) {
                    parent.put(c, start);
                    queue.add(c);
                }
            }
            while (!queue.isEmpty()) {
                JavaCodeUnit u = queue.poll();
                for (JavaCodeUnit c : calleesOf(u)) {
                    if (c.equals(start)) {
                        List<JavaCodeUnit> path = new ArrayList<>();
                        path.add(start);
                        for (JavaCodeUnit p = u; !p.equals(start); p = parent.get(p)) {
                            path.add(p);
                        }
                        path.add(start);
                        Collections.reverse(path);
                        report(start, path, events);
                        return;
                    }
                    if (!parent.containsKey(c)) {
                        parent.put(c, u);
                        queue.add(c);
                    }
                }
            }
        }

        private void report(JavaCodeUnit start, List<JavaCodeUnit> path, ConditionEvents events) {
            StringBuilder text = new StringBuilder(start.getDescription()).append(" is recursive: ");
            for (int i = 0; i < path.size(); i++) {
                JavaCodeUnit u = path.get(i);
                text.append(i == 0 ? "" : " -> ").append(u.getOwner().getSimpleName())
                        .append('.').append(u.getName());
            }
            text.append(" (").append(start.getSourceCodeLocation()).append(')');
            events.add(SimpleConditionEvent.violated(start, text.toString()));
        }

        private List<JavaCodeUnit> calleesOf(JavaCodeUnit from) {
            return callees.computeIfAbsent(from, this::computeCallees);
        }

        private List<JavaCodeUnit> computeCallees(JavaCodeUnit from) {
            Set<JavaCodeUnit> out = new LinkedHashSet<>();
            List<JavaAccess<?>> edges = new ArrayList<>(from.getCallsFromSelf());
            edges.addAll(from.getCodeUnitReferencesFromSelf());
            for (JavaAccess<?> access : edges) {
                Object resolved = access.getTarget().resolveMember().orElse(null);
                if (!(resolved instanceof JavaCodeUnit)) {
                    continue;
                }
                JavaCodeUnit target = (JavaCodeUnit) resolved;
                if (!inScope(target)) {
                    continue;
                }
                out.add(target);
                if (target instanceof JavaMethod) {
                    addOverrides((JavaMethod) target, out);
                }
            }
            return new ArrayList<>(out);
        }

        /** Virtual dispatch: a call may land in any override within scope. */
        private void addOverrides(JavaMethod method, Set<JavaCodeUnit> out) {
            List<JavaClass> params = method.getRawParameterTypes();
            for (JavaClass sub : method.getOwner().getAllSubclasses()) {
                for (JavaMethod m : sub.getMethods()) {
                    if (m.getName().equals(method.getName())
                            && m.getRawParameterTypes().equals(params) && inScope(m)) {
                        out.add(m);
                    }
                }
            }
        }
    }
}
