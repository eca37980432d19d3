/**
 * {@code dinitctl --use-passed-cfd}: a control connection on an inherited file descriptor,
 * read and written through libc bound with jnr-ffi, because the JDK cannot adopt a socket it
 * did not open. The only native code of the client, loaded only when this option is used.
 */
package io.dinitj.shell.ctl.passedfd;
