package io.dinitj.posix.launch;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.service.ExecStage;
import io.dinitj.api.spi.ProcessListener;
import io.dinitj.api.spi.TypeCapability;
import io.dinitj.core.load.DescriptionLoader;
import io.dinitj.core.load.LoadContext;
import io.dinitj.core.load.LoadOutcome;
import io.dinitj.core.load.ServiceDirectories;
import io.dinitj.core.type.ServiceTypes;
import io.dinitj.posix.sys.JnrPosix;
import io.dinitj.posix.sys.NssUserDatabase;
import io.dinitj.posix.sys.Posix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers for platform tests: real descriptions from files, and a listener that records. */
final class TestServices {

    private TestServices() {
    }

    /**
     * What the type of a description declares, from the plugins on the test class path.
     *
     * @param d a description
     * @return its type's capabilities
     */
    static Set<TypeCapability> capabilities(ServiceDescription d) {
        return ServiceTypes.discover(TestServices.class.getClassLoader()).capabilities(d.type());
    }

    /** Writes a service file into {@code dir} and loads it with the real loader. */
    static ServiceDescription describe(Path dir, String name, String... lines) throws Exception {
        Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
        ServiceTypes types = ServiceTypes.discover(TestServices.class.getClassLoader());
        LoadOutcome o = new DescriptionLoader(LoadContext.forDaemon(
                new ServiceDirectories(List.of(dir)), Map.of(), types,
                new NssUserDatabase(JnrPosix.get()))).parseOne(name);
        assertThat(o.succeeded()).as("%s", o.problems()).isTrue();
        return o.service();
    }

    /**
     * A process listener that writes what it hears into a list: {@code exec},
     * {@code failed STAGE ERRNO}, {@code ready}, {@code not ready}, {@code exit STATUS}; and
     * runs {@code onEnd} after a failure or an exit.
     */
    static ProcessListener recorder(List<String> events, Runnable onEnd) {
        return new ProcessListener() {
            @Override
            public void execSucceeded() {
                events.add("exec");
            }

            @Override
            public void execFailed(ExecStage stage, int errno) {
                events.add("failed " + stage + " " + errno);
                onEnd.run();
            }

            @Override
            public void ready() {
                events.add("ready");
            }

            @Override
            public void readinessFailed() {
                events.add("not ready");
            }

            @Override
            public void exited(int waitStatus) {
                events.add("exit " + waitStatus);
                onEnd.run();
            }
        };
    }
}
