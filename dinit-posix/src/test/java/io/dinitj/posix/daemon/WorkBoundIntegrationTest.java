package io.dinitj.posix.daemon;

import static io.dinitj.posix.daemon.Ctl.ctl;
import static org.assertj.core.api.Assertions.assertThat;

import io.dinitj.api.spi.PluginJars;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's tripwire in the real daemon: a third-party plugin that livelocks the engine
 * (its service reports started, then its own exit, from within bringUp, under
 * {@code restart = yes}) gets a log line naming the service and its type, and the daemon goes on
 * answering: {@code dinitctl list} and a start of another service are served, and stopping the
 * looping service ends the loop.
 */
class WorkBoundIntegrationTest {

    @TempDir
    Path work;

    private static final String LOOPING = """
            package looping;
            import io.dinitj.api.description.*;
            import io.dinitj.api.spi.*;
            public final class Looping implements ServiceType {
                public String name() { return "looping"; }
                public ServiceBehaviour create(ServiceDescription d, ServiceHandle h,
                        ServiceContext c) {
                    return new ServiceBehaviour() {
                        public boolean bringUp() {
                            h.started();
                            h.terminatedUnexpectedly(0);
                            return true;
                        }
                        public void bringDown() { h.stopped(); }
                    };
                }
            }
            """;

    @Test
    void aLoopingPlugin_isReported_andTheDaemonServesOn() throws Exception {
        Path classes = PluginJars.compile(work.resolve("src"), Map.of("looping.Looping", LOOPING));
        try (DaemonHarness d = new DaemonHarness("work-bound")) {
            Path plugins = d.dir.resolve("plugins");
            PluginJars.jar(plugins.resolve("looping.jar"), classes, List.of("looping"),
                    "looping.Looping");
            d.service("loop", "type = looping", "restart = yes");
            d.service("calm", "type = internal");
            d.service("boot", "type = internal");
            d.options("--plugin-dir", plugins.toString()).start();
            d.awaitLine("[  OK  ] boot");

            Ctl start = ctl(d, "start", "--no-wait", "loop");
            assertThat(start.status()).as(start.err()).isZero();
            // The loop starts the service about 1,200 times a pass: its status lines fill the
            // log's queue, and the report takes the place of the oldest rather than being lost.
            d.awaitContaining("engine: a pass took ");
            d.awaitContaining("involved: loop (");
            d.awaitContaining(", type looping)");

            Ctl list = ctl(d, "list");
            assertThat(list.status()).as(list.err()).isZero();
            assertThat(list.out()).contains("] boot").contains("] loop");
            assertThat(ctl(d, "start", "calm")).isEqualTo(new Ctl(0, "Service started.\n", ""));

            Ctl stop = ctl(d, "stop", "loop");
            assertThat(stop.status()).as(stop.out() + stop.err()).isZero();
            assertThat(ctl(d, "is-started", "loop").status()).isNotZero();
            assertThat(ctl(d, "is-started", "calm").status()).isZero();
        }
    }
}
