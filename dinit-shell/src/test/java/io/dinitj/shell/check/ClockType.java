package io.dinitj.shell.check;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.SettingParser;
import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import java.util.List;

/**
 * A third-party type with settings of its own, on the test class path
 * (META-INF/services), so that dinit-check's tests see it as dinit-check sees a plugin's.
 */
public final class ClockType implements ServiceType {

    /** Creates it. */
    public ClockType() {
    }

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public List<TypeSetting<?>> settings() {
        return List.of(
                TypeSetting.required("every", SettingParser.seconds(1_000_000), "how often"),
                TypeSetting.required("service", SettingParser.serviceName(), "what to start"));
    }

    @Override
    public ServiceBehaviour create(ServiceDescription d, ServiceHandle h, ServiceContext c) {
        throw new UnsupportedOperationException("dinit-check creates no behaviour");
    }
}
