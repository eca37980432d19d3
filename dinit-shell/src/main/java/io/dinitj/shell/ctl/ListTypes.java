package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.Codes.Reply;
import io.dinitj.api.protocol.TypeList;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code list-types} (Dinit/J): the daemon's service types through the
 * {@link Codes.Cmd#DJ_LIST_TYPES} extension, each with where it came from (a plugin jar or
 * directory, or the class path), its capabilities and its settings, as text or with
 * {@code --json}. An upstream daemon refuses the request (BADREQ and close), which is reported
 * as needing a Dinit/J daemon.
 */
final class ListTypes {

    private ListTypes() {
    }

    /** Runs the command. */
    static int run(Session s) throws CtlException {
        DaemonClient.Answer<List<TypeList.Entry>> a = s.client().types();
        if (a.reply() == Reply.BADREQ) {
            throw new CtlException("dinitctl: the daemon cannot list service types (list-types"
                    + " needs a Dinit/J daemon)");
        }
        if (a.value() == null) {
            throw CtlException.protocol();
        }
        if (s.opts.json) {
            s.out.print(Json.types(a.value()) + "\n");
            return 0;
        }
        for (TypeList.Entry t : a.value()) {
            for (String line : lines(t)) {
                s.print(line);
            }
        }
        return 0;
    }

    /**
     * The text of one type: its name and origin, then its capabilities and its settings
     * (written as service files write them, {@code TYPE.NAME}), indented.
     */
    static List<String> lines(TypeList.Entry t) {
        if (t.refused()) {
            return List.of(t.name() + " (" + t.origin() + "): refused, more than one plugin"
                    + " provides it");
        }
        List<String> out = new ArrayList<>();
        out.add(t.name() + " (" + t.origin() + ")");
        out.add("    capabilities: " + (t.capabilities().isEmpty() ? "none"
                : String.join(", ", t.capabilities())));
        for (TypeList.Setting st : t.settings()) {
            String flags = st.required() ? (st.repeatable() ? " (required, repeatable)"
                    : " (required)") : st.repeatable() ? " (repeatable)" : "";
            out.add("    " + t.name() + "." + st.name() + flags + ": " + st.help());
        }
        return out;
    }
}
