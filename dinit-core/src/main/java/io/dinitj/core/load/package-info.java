/**
 * Reading service descriptions: locating files on the service directory search path, lexing
 * and parsing the Dinit service file format, variable substitution, environment files, and
 * loading a service with its dependencies into a set of descriptions, iteratively (an explicit
 * work list, never the Java stack) and atomically (a failed load changes nothing).
 */
package io.dinitj.core.load;
