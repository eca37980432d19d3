package io.dinitj.plugin.timer;

import com.google.auto.service.AutoService;
import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.SettingParser;
import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import java.util.List;

/**
 * The {@code timer} service type: while the timer service is started, it starts the service
 * named by {@code timer.service} every {@code timer.every} seconds (docs/service-semantics.md,
 * the timer type). A run whose due time comes while the service is still going is missed, never
 * overlapped. The timer itself runs nothing: it has no capabilities.
 *
 * <p>Settings are checked by the loader against {@link #settings()}: {@code timer.service} and
 * {@code timer.every} are required, so a file that leaves one out is a load error naming it.
 * {@link #create} checks again, for descriptions made in memory, and refuses a timer that
 * names itself.
 */
@AutoService(ServiceType.class)
public final class TimerServiceType implements ServiceType {

    /** {@code timer.service}: the service to start. */
    static final TypeSetting<String> SERVICE = TypeSetting.required("service",
            SettingParser.serviceName(), "the service to start at each due time");

    /** {@code timer.every}: the period, in nanoseconds; more than 0. */
    static final TypeSetting<Long> EVERY = TypeSetting.required("every",
            SettingParser.seconds(1), "how often to start it, in seconds (decimal, more than 0)");

    /** {@code timer.at-start}: also run as soon as the timer starts. */
    static final TypeSetting<Boolean> AT_START = TypeSetting.optional("at-start",
            SettingParser.yesNo(), "also start it as soon as the timer starts (yes or no)")
            .withDefault(Boolean.FALSE);

    private static final List<TypeSetting<?>> SETTINGS = List.of(SERVICE, EVERY, AT_START);

    /** Creates the type; {@link java.util.ServiceLoader} calls this. */
    public TimerServiceType() {
    }

    @Override
    public String name() {
        return "timer";
    }

    @Override
    public List<TypeSetting<?>> settings() {
        return SETTINGS;
    }

    @Override
    public ServiceBehaviour create(ServiceDescription description, ServiceHandle handle,
            ServiceContext context) {
        String target = SERVICE.get(description);
        Long every = EVERY.get(description);
        if (target == null) {
            throw new IllegalArgumentException("'timer.service' setting not specified");
        }
        if (every == null) {
            throw new IllegalArgumentException("'timer.every' setting not specified");
        }
        if (every <= 0) {
            throw new IllegalArgumentException("'timer.every' must be more than 0 seconds");
        }
        if (target.equals(description.name())) {
            throw new IllegalArgumentException("a timer cannot start itself ('timer.service = "
                    + target + "')");
        }
        return new TimerBehaviour(handle, context, target, every, AT_START.get(description));
    }
}
