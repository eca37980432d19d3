/**
 * {@code dinit-check}: reads service descriptions offline, as the daemon would, and reports
 * every error and likely mistake in Dinit's own words. {@link io.dinitj.shell.check.DinitCheck}
 * is the command; the rest of the package is its parts: the options, the check of each
 * service, the file-system lint, and the secondary checks (consumers and one dependency cycle).
 */
package io.dinitj.shell.check;
