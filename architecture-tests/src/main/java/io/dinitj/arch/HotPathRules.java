package io.dinitj.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.dinitj.collections.HotPath;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;

/**
 * The {@link HotPath} rules: what code marked with the annotation (on itself or on its class) may
 * not do. Each rule bans one family of calls, so a failure names the family and the offending
 * line. They select code by annotation, not by package, so they apply to every module and to the
 * fixtures alike.
 */
public final class HotPathRules {

    private static final String BECAUSE =
            "hot paths must not allocate or fail (DESIGN.md: no allocation on the hot path)";

    private HotPathRules() {
    }

    /** Code marked {@code @HotPath}, directly or through its declaring class. */
    public static final DescribedPredicate<JavaCodeUnit> ARE_HOT_PATH =
            DescribedPredicate.describe("are @HotPath", HotPathRules::isHotPath);

    /** Bans every use of {@code java.util.stream}. */
    public static final ArchRule hot_path_uses_no_streams = ban(
            "use java.util.stream",
            access -> inPackage(access.getTargetOwner(), "java.util.stream")
                    || returnsAnyOf(access, java.util.stream.BaseStream.class));

    /** Bans {@code String.format} and {@code String.formatted}. */
    public static final ArchRule hot_path_does_not_format_strings = ban(
            "call String.format or String.formatted",
            access -> access instanceof JavaMethodCall
                    && access.getTargetOwner().isEquivalentTo(String.class)
                    && (access.getName().equals("format") || access.getName().equals("formatted")));

    /**
     * Bans string concatenation: {@code +} on strings compiles to an {@code invokedynamic} that
     * ArchUnit does not import, so a bytecode scan finds it; the {@code StringBuilder} form that
     * older compilers emit, and {@code String.concat}, are caught as calls.
     */
    public static final ArchRule hot_path_does_not_concatenate_strings = codeUnits()
            .that(ARE_HOT_PATH)
            .should(new ArchCondition<JavaCodeUnit>("not concatenate strings") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    reportFindings(unit, events, "concatenate strings",
                            Bytecode.concatenations(unit));
                    reportAccesses(unit, events, "concatenate strings", access ->
                            (access instanceof JavaConstructorCall
                                    && (access.getTargetOwner().isEquivalentTo(StringBuilder.class)
                                    || access.getTargetOwner().isEquivalentTo(StringBuffer.class)))
                            || (access instanceof JavaMethodCall
                                    && access.getTargetOwner().isEquivalentTo(String.class)
                                    && access.getName().equals("concat")));
                }
            })
            .because(BECAUSE);

    /** Bans boxing: the wrapper {@code valueOf} methods that autoboxing compiles to. */
    public static final ArchRule hot_path_does_not_box = ban(
            "box a primitive",
            access -> access instanceof JavaMethodCall
                    && access.getName().equals("valueOf")
                    && isWrapper(access.getTargetOwner()));

    /** Bans {@code Optional} and its primitive variants. */
    public static final ArchRule hot_path_uses_no_optional = ban(
            "use Optional",
            access -> isOptional(access.getTargetOwner())
                    || (access instanceof JavaMethodCall
                    && isOptional(((JavaMethodCall) access).getTarget().getRawReturnType())));

    /**
     * Bans constructing a {@code java.util} collection or map, and calling a JDK method that
     * returns a fresh collection, map, iterator, spliterator or enumeration (a for-each over an
     * {@code Iterable} is such a call: {@code iterator()}).
     */
    public static final ArchRule hot_path_creates_no_collections = ban(
            "create a collection or iterator",
            access -> (access instanceof JavaConstructorCall
                    && inPackage(access.getTargetOwner(), "java.util")
                    && isCollectionLike(access.getTargetOwner()))
                    || (access instanceof JavaMethodCall
                    && access.getTargetOwner().getPackageName().startsWith("java.")
                    && isCollectionLike(((JavaMethodCall) access).getTarget().getRawReturnType())));

    /**
     * Bans allocation itself, as the bytecode shows it: {@code new} of anything but an exception,
     * array creation (including the hidden array of a varargs call), and lambdas that capture
     * values. This catches what the call-based rules cannot name, such as {@code Objects.hash}.
     */
    public static final ArchRule hot_path_allocates_nothing = codeUnits()
            .that(ARE_HOT_PATH)
            .should(new ArchCondition<JavaCodeUnit>("not allocate") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    reportFindings(unit, events, "allocate", Bytecode.allocations(unit));
                }
            })
            .because(BECAUSE);

    /** Bans starting processes from hot code. */
    public static final ArchRule hot_path_starts_no_processes = ban(
            "start a process",
            HotPathRules::startsProcess);

    /** All the rules above, by name. */
    public static Map<String, ArchRule> all() {
        return Map.of(
                "hot_path_uses_no_streams", hot_path_uses_no_streams,
                "hot_path_does_not_format_strings", hot_path_does_not_format_strings,
                "hot_path_does_not_concatenate_strings", hot_path_does_not_concatenate_strings,
                "hot_path_does_not_box", hot_path_does_not_box,
                "hot_path_uses_no_optional", hot_path_uses_no_optional,
                "hot_path_creates_no_collections", hot_path_creates_no_collections,
                "hot_path_starts_no_processes", hot_path_starts_no_processes,
                "hot_path_allocates_nothing", hot_path_allocates_nothing);
    }

    /** {@code ProcessBuilder} in any form, or {@code Runtime.exec}. Shared with the layer rules. */
    static boolean startsProcess(JavaAccess<?> access) {
        JavaClass owner = access.getTargetOwner();
        return owner.isEquivalentTo(ProcessBuilder.class)
                || (owner.isEquivalentTo(Runtime.class) && access.getName().equals("exec"));
    }

    /**
     * A method is hot if it or its class is marked; a constructor only if it is marked itself,
     * because building a structure is set-up, which may allocate.
     */
    static boolean isHotPath(JavaCodeUnit unit) {
        return unit.isAnnotatedWith(HotPath.class)
                || (unit.isMethod() && unit.getOwner().isAnnotatedWith(HotPath.class));
    }

    private static ArchRule ban(String what, Predicate<JavaAccess<?>> forbidden) {
        return codeUnits()
                .that(ARE_HOT_PATH)
                .should(new ArchCondition<JavaCodeUnit>("not " + what) {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        reportAccesses(unit, events, what, forbidden);
                    }
                })
                .because(BECAUSE);
    }

    private static void reportFindings(JavaCodeUnit unit, ConditionEvents events, String what,
            List<Bytecode.Finding> findings) {
        for (Bytecode.Finding f : findings) {
            events.add(SimpleConditionEvent.violated(unit, unit.getDescription() + " must not "
                    + what + ": " + f.what() + " in (" + unit.getOwner().getSimpleName()
                    + ".java:" + f.line() + ")"));
        }
    }

    private static void reportAccesses(JavaCodeUnit unit, ConditionEvents events, String what,
            Predicate<JavaAccess<?>> forbidden) {
        for (JavaAccess<?> access : unit.getAccessesFromSelf()) {
            if (forbidden.test(access)) {
                events.add(SimpleConditionEvent.violated(unit, unit.getDescription()
                        + " must not " + what + ": " + access.getDescription()));
            }
        }
    }

    private static boolean inPackage(JavaClass type, String pkg) {
        String p = type.getPackageName();
        return p.equals(pkg) || p.startsWith(pkg + ".");
    }

    private static boolean returnsAnyOf(JavaAccess<?> access, Class<?> type) {
        if (!(access instanceof JavaMethodCall)) {
            return false;
        }
        AccessTarget.MethodCallTarget target = ((JavaMethodCall) access).getTarget();
        return target.getRawReturnType().isAssignableTo(type);
    }

    private static boolean isWrapper(JavaClass c) {
        return c.isEquivalentTo(Integer.class) || c.isEquivalentTo(Long.class)
                || c.isEquivalentTo(Short.class) || c.isEquivalentTo(Byte.class)
                || c.isEquivalentTo(Character.class) || c.isEquivalentTo(Boolean.class)
                || c.isEquivalentTo(Float.class) || c.isEquivalentTo(Double.class);
    }

    private static boolean isOptional(JavaClass c) {
        return c.isEquivalentTo(java.util.Optional.class)
                || c.isEquivalentTo(java.util.OptionalInt.class)
                || c.isEquivalentTo(java.util.OptionalLong.class)
                || c.isEquivalentTo(java.util.OptionalDouble.class);
    }

    private static boolean isCollectionLike(JavaClass c) {
        return c.isAssignableTo(Iterable.class) || c.isAssignableTo(Map.class)
                || c.isAssignableTo(Iterator.class) || c.isAssignableTo(java.util.Spliterator.class)
                || c.isAssignableTo(java.util.Enumeration.class)
                || c.isAssignableTo(Set.class);
    }
}
