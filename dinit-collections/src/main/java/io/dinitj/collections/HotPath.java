package io.dinitj.collections;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code that runs on a hot path: code the engine runs again and again once a service set is
 * loaded (starting, stopping, propagating, reaping, firing timers, answering status queries), and
 * that must therefore neither allocate nor fail.
 *
 * <p><b>What it promises.</b> A method carrying this annotation, or declared in a type carrying
 * it, allocates no heap memory on any path its contract calls valid use, does not recurse, and
 * reports ordinary outcomes ("full", "empty", "not queued") by return value rather than by
 * exception. A constructor is covered only when it carries the annotation itself: building a
 * structure is set-up, and may allocate. Paths that report misuse may allocate the exception
 * they throw, and build its message in a separate, unannotated method.
 *
 * <p><b>What the rules forbid inside it.</b> The project's architecture tests (ArchUnit, in the
 * {@code architecture-tests} module) fail the build if annotated code:
 * <ul>
 *   <li>allocates, as its bytecode shows: {@code new} of anything but an exception, any array
 *       creation (including the hidden array of a varargs call), or a lambda that captures
 *       values;</li>
 *   <li>uses anything in {@code java.util.stream};</li>
 *   <li>calls {@code String.format} or {@code String.formatted};</li>
 *   <li>concatenates strings (the {@code invokedynamic} that {@code +} compiles to, a
 *       {@code StringBuilder}/{@code StringBuffer}, or {@code String.concat});</li>
 *   <li>boxes a primitive ({@code Integer.valueOf} and the other wrapper {@code valueOf}s that
 *       autoboxing compiles to);</li>
 *   <li>uses {@code java.util.Optional} or its primitive variants;</li>
 *   <li>constructs a {@code java.util} collection or map, or calls a JDK method that returns a
 *       collection, map, iterator or stream (this includes a for-each loop over an
 *       {@code Iterable});</li>
 *   <li>starts a process with {@code ProcessBuilder} or {@code Runtime.exec}.</li>
 * </ul>
 * Lambdas created in annotated code count as part of it. What the static rules cannot see is an
 * allocation inside a JDK method that the code calls; the runtime tests cover that.
 * A second rule forbids recursion, direct or mutual, anywhere in dinit-core and
 * dinit-collections, annotated or not. Runtime tests back the static rules: they count the bytes
 * a thread allocates while running annotated code after warm-up, and require exactly zero.
 *
 * <p>The annotation is kept in class files (not at run time) because only the build reads it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface HotPath {
}
