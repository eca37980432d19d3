package io.dinitj.shell.ctl;

import io.dinitj.api.protocol.Codes;
import io.dinitj.api.protocol.ServiceStatus;
import io.dinitj.api.protocol.TypeList;
import io.dinitj.api.service.ServiceState;
import io.dinitj.api.service.StopReason;
import java.util.List;

/**
 * The {@code --json} forms of {@code status}, {@code list} and {@code list-types}, version 1,
 * written by hand (format: the {@code ## dinitctl} section of the README). One JSON object on
 * one line.
 */
final class Json {

    /** The format version; raise it when a field changes meaning or is removed. */
    static final int VERSION = 1;

    private Json() {
    }

    /** Appends a JSON string literal. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void field(StringBuilder b, String name) {
        if (b.charAt(b.length() - 1) != '{') {
            b.append(',');
        }
        string(b, name);
        b.append(':');
    }

    /** The fields every service object has. */
    private static void service(StringBuilder b, String name, ServiceStatus st, boolean v5) {
        field(b, "name");
        string(b, name);
        field(b, "state");
        string(b, Texts.stateName(st.state()));
        field(b, "target");
        string(b, Texts.stateName(st.target()));
        field(b, "explicitlyStarted");
        b.append((st.flags() & ServiceStatus.MARKED_ACTIVE) != 0);
        field(b, "startSkipped");
        b.append((st.flags() & ServiceStatus.START_SKIPPED) != 0);
        field(b, "hasConsole");
        b.append((st.flags() & ServiceStatus.HAS_CONSOLE) != 0);
        field(b, "waitingForConsole");
        b.append((st.flags() & ServiceStatus.WAITING_FOR_CONSOLE) != 0);
        field(b, "pid");
        b.append(st.hasPid() ? Integer.toString(st.pidOrCode()) : "null");
        field(b, "stopReason");
        string(b, Texts.reasonName(st.stopReason()));
        field(b, "failed");
        b.append(st.currentState() == ServiceState.STOPPED && Texts.failed(st));
        field(b, "execFailure");
        if (!st.hasPid() && st.reason() == StopReason.EXECFAILED) {
            b.append('{');
            field(b, "stage");
            string(b, Texts.stage(st.execStage()));
            field(b, "errno");
            b.append(st.pidOrCode());
            b.append('}');
        } else {
            b.append("null");
        }
        field(b, "exit");
        if (v5 && !st.hasPid() && st.reason() != StopReason.EXECFAILED && st.pidOrCode() != 0) {
            b.append('{');
            field(b, "kind");
            string(b, st.pidOrCode() == Codes.CLD_EXITED ? "exited"
                    : st.pidOrCode() == Codes.CLD_KILLED ? "signalled" : "other");
            field(b, "siCode");
            b.append(st.pidOrCode());
            field(b, "siStatus");
            b.append(st.exitStatus());
            b.append('}');
        } else {
            b.append("null");
        }
    }

    private static void header(StringBuilder b, String format) {
        b.append('{');
        field(b, "format");
        string(b, format);
        field(b, "version");
        b.append(VERSION);
    }

    /** The {@code status --json} object. */
    static String status(String name, String file, boolean modified, ServiceStatus st,
            boolean v5) {
        return status(name, file, modified, st, v5, null);
    }

    /**
     * The {@code status --json} object, with the type's detail lines as {@code "detail"}: keys
     * lower-cased, spaces to {@code -} ({@code "next-run"}); left out if null (not Dinit/J).
     */
    static String status(String name, String file, boolean modified, ServiceStatus st,
            boolean v5, List<DaemonClient.DetailLine> detail) {
        StringBuilder b = new StringBuilder();
        header(b, "dinitctl-status");
        field(b, "service");
        b.append('{');
        service(b, name, st, v5);
        field(b, "file");
        if (file == null) {
            b.append("null");
        } else {
            string(b, file);
        }
        field(b, "modifiedSinceLoaded");
        b.append(modified);
        if (detail != null) {
            field(b, "detail");
            b.append('{');
            for (DaemonClient.DetailLine l : detail) {
                field(b, detailKey(l.key()));
                string(b, l.value());
            }
            b.append('}');
        }
        b.append("}}");
        return b.toString();
    }

    /**
     * The {@code list-types --json} object: {@code types}, each with {@code name},
     * {@code origin}, {@code refused}, {@code capabilities} (words) and {@code settings}
     * ({@code name} as service files write it, {@code TYPE.NAME}; {@code required},
     * {@code repeatable}, {@code help}).
     */
    static String types(List<TypeList.Entry> types) {
        StringBuilder b = new StringBuilder();
        header(b, "dinitctl-list-types");
        field(b, "types");
        b.append('[');
        for (int i = 0; i < types.size(); i++) {
            TypeList.Entry t = types.get(i);
            b.append(i > 0 ? ",{" : "{");
            field(b, "name");
            string(b, t.name());
            field(b, "origin");
            string(b, t.origin());
            field(b, "refused");
            b.append(t.refused());
            field(b, "capabilities");
            b.append('[');
            for (int c = 0; c < t.capabilities().size(); c++) {
                if (c > 0) {
                    b.append(',');
                }
                string(b, t.capabilities().get(c));
            }
            b.append(']');
            field(b, "settings");
            b.append('[');
            for (int n = 0; n < t.settings().size(); n++) {
                TypeList.Setting st = t.settings().get(n);
                b.append(n > 0 ? ",{" : "{");
                field(b, "name");
                string(b, t.name() + "." + st.name());
                field(b, "required");
                b.append(st.required());
                field(b, "repeatable");
                b.append(st.repeatable());
                field(b, "help");
                string(b, st.help());
                b.append('}');
            }
            b.append("]}");
        }
        b.append("]}");
        return b.toString();
    }

    /** A detail line's key as a JSON field name: {@code Next run} becomes {@code next-run}. */
    static String detailKey(String key) {
        return key.trim().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    /** The {@code list --json} object. */
    static String list(List<String> names, List<ServiceStatus> statuses, boolean v5) {
        StringBuilder b = new StringBuilder();
        header(b, "dinitctl-list");
        field(b, "services");
        b.append('[');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('{');
            service(b, names.get(i), statuses.get(i), v5);
            b.append('}');
        }
        b.append("]}");
        return b.toString();
    }
}
