package io.dinitj.core.type;

import io.dinitj.api.description.ServiceDescription;
import io.dinitj.api.spi.ServiceBehaviour;
import io.dinitj.api.spi.ServiceContext;
import io.dinitj.api.spi.ServiceHandle;
import io.dinitj.api.spi.ServiceType;

/** Service type providers for the registry test, listed in META-INF/services. */
public final class FakeTypes {

    private FakeTypes() {
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
}
