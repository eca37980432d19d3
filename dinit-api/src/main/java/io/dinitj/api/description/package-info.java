/**
 * The immutable, typed model of a Dinit service description, as the loader produces it from a
 * service file: {@link io.dinitj.api.description.ServiceDescription} and its value types. Field
 * meanings and defaults follow the Dinit service file format; "null" always means "not set".
 */
package io.dinitj.api.description;
