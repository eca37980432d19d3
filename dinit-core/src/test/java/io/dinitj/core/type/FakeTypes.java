package io.dinitj.core.type;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

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
        Path list = dir.resolve("services-list");
        Files.writeString(list, String.join("\n", providers) + "\n");
        URL only = list.toUri().toURL();
        String resource = "META-INF/services/" + ServiceType.class.getName();
        ClassLoader loader = new ClassLoader(FakeTypes.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(resource) ? Collections.enumeration(List.of(only))
                        : super.getResources(name);
            }
        };
        return ServiceTypes.discover(loader);
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
}
