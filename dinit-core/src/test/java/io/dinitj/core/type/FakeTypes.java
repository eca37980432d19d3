package io.dinitj.core.type;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.description.SettingParser;
import io.dinitj.api.description.TypeSetting;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import io.dinitj.api.spi.TypeCapability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/** Service type providers for the registry test, listed in META-INF/services. */
public final class FakeTypes {

    private FakeTypes() {
    }

    /**
     * A registry of only the named providers of the test class path, as a daemon whose other
     * plugin jars are missing would find.
     *
     * @param dir where to write the provider list
     * @param providers the {@link ServiceType} classes to list
     * @return the registry
     * @throws IOException if the list cannot be written
     */
    public static ServiceTypes only(Path dir, String... providers) throws IOException {
        return ServiceTypes.discover(loader(dir, providers));
    }

    /**
     * A class loader that lists only the named providers of the test class path.
     *
     * @param dir where to write the provider list
     * @param providers the {@link ServiceType} classes to list
     * @return the loader
     * @throws IOException if the list cannot be written
     */
    public static ClassLoader loader(Path dir, String... providers) throws IOException {
        Path list = dir.resolve("services-list");
        Files.writeString(list, String.join("\n", providers) + "\n");
        URL only = list.toUri().toURL();
        String resource = "META-INF/services/" + ServiceType.class.getName();
        return new ClassLoader(FakeTypes.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(resource) ? Collections.enumeration(List.of(only))
                        : super.getResources(name);
            }
        };
    }

    /** The providers of Dinit's five types, from the real plugins on the test class path. */
    public static final List<String> DINIT_PROVIDERS = List.of(
            "io.dinitj.plugin.process.ScriptedServiceType",
            "io.dinitj.plugin.process.ProcessServiceType",
            "io.dinitj.plugin.process.BgProcessServiceType",
            "io.dinitj.plugin.internal.InternalServiceType",
            "io.dinitj.plugin.triggered.TriggeredServiceType");

    /**
     * A registry of Dinit's five real types and the named providers, its provider list written
     * to a temporary file (deleted at exit).
     *
     * @param providers further {@link ServiceType} classes to list
     * @return the registry
     */
    public static ServiceTypes dinitAnd(String... providers) {
        try {
            Path dir = Files.createTempDirectory("fake-types");
            dir.toFile().deleteOnExit();
            String[] all = new String[DINIT_PROVIDERS.size() + providers.length];
            DINIT_PROVIDERS.toArray(all);
            System.arraycopy(providers, 0, all, DINIT_PROVIDERS.size(), providers.length);
            ServiceTypes types = only(dir, all);
            dir.resolve("services-list").toFile().deleteOnExit();
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A type with its own name. */
    public abstract static class Named implements ServiceType {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ServiceBehaviour create(ServiceDescription d, ServiceHandle h, ServiceContext c) {
            throw new UnsupportedOperationException("not used by the registry test");
        }
    }

    /** 'alpha', once. */
    public static final class Alpha extends Named {
        /** Creates it. */
        public Alpha() {
            super("alpha");
        }
    }

    /** 'alpha' again: a clash. */
    public static final class AlphaAgain extends Named {
        /** Creates it. */
        public AlphaAgain() {
            super("alpha");
        }
    }

    /** 'beta'. */
    public static final class Beta extends Named {
        /** Creates it. */
        public Beta() {
            super("beta");
        }
    }

    /**
     * 'describing': started at once; its status detail is one line, {@code Name: NAME}, except
     * for a service whose name starts with {@code throws}, whose describe throws.
     */
    public static final class Describing extends Named {
        /** Creates it. */
        public Describing() {
            super("describing");
        }

        @Override
        public ServiceBehaviour create(ServiceDescription d, ServiceHandle h, ServiceContext c) {
            return new ServiceBehaviour() {
                @Override
                public boolean bringUp() {
                    h.started();
                    return true;
                }

                @Override
                public void bringDown() {
                    h.stopped();
                }

                @Override
                public void describe(StatusDetail detail) {
                    if (d.name().startsWith("throws")) {
                        throw new IllegalStateException("describe failed on purpose");
                    }
                    detail.add("Name", d.name());
                }
            };
        }
    }

    /**
     * 'looping', a deliberately broken plugin: its bringUp reports the service started and then
     * its exit, from within the call. With {@code restart = yes} the engine restarts it within
     * the same pass, for ever: a livelock that the engine's work bound must end. Its bringDown
     * reports the stop at once.
     */
    public static final class Looping extends Named {
        /** Creates it. */
        public Looping() {
            super("looping");
        }

        @Override
        public ServiceBehaviour create(ServiceDescription d, ServiceHandle h, ServiceContext c) {
            return new ServiceBehaviour() {
                @Override
                public boolean bringUp() {
                    h.started();
                    h.terminatedUnexpectedly(0);
                    return true;
                }

                @Override
                public void bringDown() {
                    h.stopped();
                }
            };
        }
    }

    /** A provider whose constructor fails. */
    public static final class Broken extends Named {
        /** Fails. */
        public Broken() {
            super(fail());
        }

        private static String fail() {
            throw new IllegalStateException("broken on purpose");
        }
    }

    /** What {@link NeedsMissing} extends; {@code ServiceTypesTest} hides it, as a jar lacking it. */
    public abstract static class Missing extends Named {
        Missing(String name) {
            super(name);
        }
    }

    /** A provider whose superclass its jar does not have: it cannot be linked. */
    public static final class NeedsMissing extends Missing {
        /** Creates it. */
        public NeedsMissing() {
            super("needs-missing");
        }
    }

    /**
     * 'clock', a third-party type with settings of each kind: {@code clock.every} (required
     * duration of at least 1 ms), {@code clock.service} (required service name),
     * {@code clock.note} (repeatable text) and {@code clock.mode} (one of two words, default
     * {@code wall}). It declares no capability.
     */
    public static final class Clock extends Named {
        /** clock.every. */
        public static final TypeSetting<Long> EVERY = TypeSetting.required("every",
                SettingParser.seconds(1_000_000), "how often");
        /** clock.service. */
        public static final TypeSetting<String> SERVICE = TypeSetting.required("service",
                SettingParser.serviceName(), "what to start");
        /** clock.note. */
        public static final TypeSetting<String> NOTE = TypeSetting.repeatable("note",
                SettingParser.text(), "a remark");
        /** clock.mode. */
        public static final TypeSetting<String> MODE = TypeSetting.optional("mode",
                SettingParser.oneOf("wall", "mono"), "which clock").withDefault("wall");

        /** Creates it. */
        public Clock() {
            super("clock");
        }

        @Override
        public List<TypeSetting<?>> settings() {
            return List.of(EVERY, SERVICE, NOTE, MODE);
        }
    }

    /** 'runner', a third-party type that runs the service's command and may be a producer. */
    public static final class Runner extends Named {
        /** Creates it. */
        public Runner() {
            super("runner");
        }

        @Override
        public Set<TypeCapability> capabilities() {
            return EnumSet.of(TypeCapability.RUNS_COMMAND, TypeCapability.LOG_CONSUMER);
        }
    }

    /** 'plain', a third-party type that declares nothing. */
    public static final class Plain extends Named {
        /** Creates it. */
        public Plain() {
            super("plain");
        }
    }

    /** 'bad-settings', whose settings() throws. */
    public static final class BadSettings extends Named {
        /** Creates it. */
        public BadSettings() {
            super("bad-settings");
        }

        @Override
        public List<TypeSetting<?>> settings() {
            throw new IllegalStateException("settings broken on purpose");
        }
    }

    /** 'twice', which declares one setting name twice. */
    public static final class Twice extends Named {
        /** Creates it. */
        public Twice() {
            super("twice");
        }

        @Override
        public List<TypeSetting<?>> settings() {
            return List.of(TypeSetting.optional("x", SettingParser.text(), "first"),
                    TypeSetting.optional("x", SettingParser.text(), "second"));
        }
    }

    /** 'throwing', whose parser fails with something other than IllegalArgumentException. */
    public static final class Throwing extends Named {
        /** Creates it. */
        public Throwing() {
            super("throwing");
        }

        @Override
        public List<TypeSetting<?>> settings() {
            return List.of(TypeSetting.optional("x", t -> {
                throw new IllegalStateException("parser bug");
            }, "fails"));
        }
    }
}
