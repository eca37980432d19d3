/**
 * The project's architecture rules, as ArchUnit rules that the build applies to every module:
 * {@link io.dinitj.arch.LayerRules} (the module arrows of DESIGN.md, and what the platform may
 * not use), {@link io.dinitj.arch.HotPathRules} (what {@code @HotPath} code may not call: streams,
 * formatting, string concatenation, boxing, new collections) and
 * {@link io.dinitj.arch.RecursionRules} (no cycle in the method-call graph of dinit-core and
 * dinit-collections, found with an explicit stack), all listed by name in
 * {@link io.dinitj.arch.ArchitectureRules}. {@link io.dinitj.arch.Bytecode} reads what ArchUnit
 * does not show.
 *
 * <p>The tests of this module apply the rules to the production classes, prove each rule on
 * fixtures that must and must not fire, check that every module's packages are covered, and
 * check that every package has a current package doc.
 */
package io.dinitj.arch;
