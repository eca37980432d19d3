package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Reply;
import java.nio.charset.StandardCharsets;

/**
 * The environment family: {@code setenv} and {@code unsetenv} (docs/control-protocol.md
 * §6.14, docs/cli.md §2.6), one SETENV per argument through {@link DaemonClient}, stopping at
 * the first failure.
 */
final class EnvHandlers {

    private EnvHandlers() {
    }

    static int setenv(Session s) throws CtlException {
        boolean set = s.opts.command == Command.SETENV;
        for (String a : s.opts.args) {
            String payload;
            int eq = a.indexOf('=');
            if (set) {
                if (eq < 0) {
                    String v = s.env.get(a);
                    payload = a + "=" + (v == null ? "" : v);
                } else {
                    payload = a;
                }
            } else {
                if (eq >= 0) {
                    return s.fail("dinitctl: environment variable '" + a
                            + "' must not contain the '=' sign.");
                }
                payload = a;
            }
            byte[] b = payload.getBytes(StandardCharsets.UTF_8);
            if (b.length > Codes.MAX_NAME_LENGTH) {
                return s.fail("dinitctl: environment variable '"
                        + (eq < 0 ? a : a.substring(0, eq)) + "' too long.");
            }
            int r = s.client().setenv(b);
            if (r == Reply.BADREQ) {
                return s.fail("dinitctl: failed to export environment.");
            }
            if (r != Reply.ACK) {
                return s.fail(CtlException.PROTOCOL);
            }
        }
        return 0;
    }
}
