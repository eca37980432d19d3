/**
 * Integration tests of the examples: {@code examples/plugin-example} built on its own, as a
 * third party builds a plugin, and its jar run by the distribution's daemon and dinit-check.
 */
package io.dinitj.examples;
