package io.dinitj.plugin.process;

import io.dinitj.api.description.LogSettings;
import io.dinitj.api.description.ProcessSettings;
import io.dinitj.api.description.ReadyNotification;
import io.dinitj.api.description.RestartPolicy;
import io.dinitj.api.description.RestartSettings;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.ServiceEnvironment;
import io.dinitj.api.description.ServiceOption;
import io.dinitj.api.description.Signal;
import io.dinitj.api.description.SocketSettings;
import io.dinitj.api.spi.FakePlatform;
import io.dinitj.api.spi.FakePlatform.FakeProcess;
import io.dinitj.api.spi.RecordingHandle;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext.CommandKind;
import io.dinitj.api.spi.ServiceType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service of one type on a {@link FakePlatform}, with a {@link RecordingHandle}: the service
 * is called {@code svc} (the handle's name), its command {@code /bin/svc}. Settings are changed
 * with the fluent methods before {@link #create()}.
 */
final class Fixture {

    static final String NAME = "svc";
    static final String COMMAND = "/bin/svc";
    static final String STOP_COMMAND = "/bin/svc-stop";
    static final String PID_FILE = "/run/svc.pid";
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;

    final FakePlatform platform = new FakePlatform();
    final RecordingHandle handle = new RecordingHandle();
    private final ServiceType type;
    private List<String> stopCommand = List.of();
    private String pidFile;
    private ReadyNotification readiness;
    private Signal termSignal = Signal.TERM;
    private final Set<ServiceOption> options = EnumSet.noneOf(ServiceOption.class);
    private boolean smoothRecovery;
    private Duration restartDelay = RestartSettings.DEFAULT.restartDelay();
    private Duration startTimeout = RestartSettings.DEFAULT.startTimeout();
    private Duration stopTimeout = RestartSettings.DEFAULT.stopTimeout();
    ServiceBehaviour behaviour;

    private Fixture(ServiceType type) {
        this.type = type;
    }

    static Fixture process() {
        return new Fixture(new ProcessServiceType());
    }

    static Fixture bgprocess() {
        return new Fixture(new BgProcessServiceType()).pidFile(PID_FILE);
    }

    static Fixture scripted() {
        return new Fixture(new ScriptedServiceType());
    }

    Fixture stopCommand() {
        stopCommand = List.of(STOP_COMMAND, "now");
        return this;
    }

    Fixture pidFile(String path) {
        pidFile = path;
        return this;
    }

    Fixture readiness() {
        readiness = new ReadyNotification(3, null);
        return this;
    }

    Fixture termSignal(Signal signal) {
        termSignal = signal;
        return this;
    }

    Fixture option(ServiceOption option) {
        options.add(option);
        return this;
    }

    Fixture smoothRecovery() {
        smoothRecovery = true;
        return this;
    }

    Fixture restartDelay(long nanos) {
        restartDelay = Duration.ofNanos(nanos);
        return this;
    }

    Fixture startTimeout(long nanos) {
        startTimeout = Duration.ofNanos(nanos);
        return this;
    }

    Fixture stopTimeout(long nanos) {
        stopTimeout = Duration.ofNanos(nanos);
        return this;
    }

    ServiceDescription description() {
        ProcessSettings process = new ProcessSettings(List.of(COMMAND, "--serve"), stopCommand,
                null, null, pidFile, readiness, termSignal, Map.of(), null, null, null, null,
                null, Set.of(), null, null);
        RestartSettings restart = new RestartSettings(RestartPolicy.YES, smoothRecovery,
                restartDelay, RestartSettings.DEFAULT.restartLimitInterval(),
                RestartSettings.DEFAULT.restartLimitCount(), startTimeout, stopTimeout);
        return new ServiceDescription(NAME, type.name(), process, restart, LogSettings.DEFAULT,
                SocketSettings.DEFAULT, List.of(), options, Set.of(), ServiceEnvironment.NONE,
                null, null, null, null,
                new ServiceDescription.Source("/etc/dinit.d/" + NAME, "/etc/dinit.d", null));
    }

    /** Creates the behaviour from the settings so far. */
    Fixture create() {
        ServiceDescription d = description();
        behaviour = type.create(d, handle, platform.contextFor(d));
        return this;
    }

    /** Creates the behaviour and brings it up. */
    Fixture up() {
        create();
        behaviour.bringUp();
        return this;
    }

    /** The latest main command (or launcher) launched. */
    FakeProcess main() {
        return platform.latest(NAME);
    }

    /** The latest stop command launched. */
    FakeProcess stopProcess() {
        return platform.latest(NAME, CommandKind.STOP);
    }

    List<String> events() {
        return handle.events();
    }

    List<String> log() {
        return platform.messages();
    }

    /** Fires what is due now (signal deliveries). */
    void settle() {
        platform.advance(0);
    }
}
