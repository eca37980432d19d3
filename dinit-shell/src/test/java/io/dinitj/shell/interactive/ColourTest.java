package io.dinitj.shell.interactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colour for service states: where it applies, and what it changes. */
class ColourTest {

    private static final Path SOCKETS = Path.of("target", "ctl-sockets");

    @TempDir
    Path tmp;

    /** list markers: started green, starting/stopping yellow, failed red, stopped plain. */
    @Test
    void list_coloursMarkers() {
        assertThat(Colour.list("[[+]     ] boot\n[     {X}] bad (exit status: 1)\n"
                + "[   <<{ }] st\n[     {-}] off\n"))
                .isEqualTo("\u001b[32m[[+]     ]\u001b[0m boot\n"
                        + "\u001b[31m[     {X}]\u001b[0m bad (exit status: 1)\n"
                        + "\u001b[33m[   <<{ }]\u001b[0m st\n[     {-}] off\n");
    }

    /** status colours the state on the State line only. */
    @Test
    void status_coloursState() {
        assertThat(Colour.status("Service: a\n    State: STARTED\n    Activation: explicitly\n"))
                .isEqualTo("Service: a\n    State: \u001b[32mSTARTED\u001b[0m\n"
                        + "    Activation: explicitly\n");
        assertThat(Colour.status("    State: STOPPED (failed to start)\n"))
                .isEqualTo("    State: \u001b[31mSTOPPED (failed to start)\u001b[0m\n");
        assertThat(Colour.status("    State: STOPPED\n")).isEqualTo("    State: STOPPED\n");
    }

    /** NO_COLOR and dumb terminals turn colour off; an ANSI terminal turns it on. */
    @Test
    void enabled_followsTerminalAndNoColor() throws Exception {
        try (Terminal ansi = terminal("ansi"); Terminal dumb = terminal("dumb")) {
            assertThat(Colour.enabled(ansi, Map.of())).isTrue();
            assertThat(Colour.enabled(ansi, Map.of("NO_COLOR", "1"))).isFalse();
            assertThat(Colour.enabled(dumb, Map.of())).isFalse();
        }
    }

    /** With colour on, the shell's list output is the one-shot text with coloured markers. */
    @Test
    void shell_coloursListWhenOn() throws Exception {
        try (FakeDaemon d = new FakeDaemon(SOCKETS, List.of("boot"))) {
            Map<String, String> env = Map.of("DINITJ_HISTORY", tmp.resolve("h").toString());
            ShellRun r = ShellRun.of(env, List.of("-p", d.path()), "list\nlist --json\n", true);
            assertThat(r.out()).startsWith("\u001b[32m[[+]     ]\u001b[0m boot\n{\"format\"");
        }
    }

    private static Terminal terminal(String type) throws Exception {
        return new DumbTerminal("t", type, new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8);
    }
}
