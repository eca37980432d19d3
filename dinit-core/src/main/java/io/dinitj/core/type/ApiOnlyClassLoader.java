package io.dinitj.core.type;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of every plugin's class loader: it shows a plugin the JDK (through the platform
 * class loader) and dinit-api (classes and resources under {@code io/dinitj/api/}, from the
 * loader that defined dinit-api for the daemon), and nothing else: not the engine, the platform,
 * JLine, jnr, or another plugin. So a plugin links against the one SPI the daemon uses (the same
 * {@code ServiceType} class), and a plugin that reaches for anything else fails to link, which
 * discovery reports naming its jar.
 *
 * <p>The daemon's class-path {@code META-INF/services} entries are not under
 * {@code io/dinitj/api/}, so {@link java.util.ServiceLoader} on a plugin's loader finds only that
 * plugin's own providers. Thread safe, as class loaders must be.
 */
final class ApiOnlyClassLoader extends ClassLoader {

    private static final String API_PACKAGE = "io.dinitj.api.";
    private static final String API_RESOURCES = "io/dinitj/api/";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader api;

    /**
     * Creates the loader.
     *
     * @param api the loader that defines dinit-api's classes for the daemon
     */
    ApiOnlyClassLoader(ClassLoader api) {
        super("dinit-api only", ClassLoader.getPlatformClassLoader());
        this.api = api;
    }

    /** Reached when the platform loader has no such class: only dinit-api's are found. */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return api.loadClass(name);
        }
        throw new ClassNotFoundException(name + " (a plugin sees only dinit-api and the JDK)");
    }

    @Override
    protected URL findResource(String name) {
        return name.startsWith(API_RESOURCES) ? api.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return name.startsWith(API_RESOURCES) ? api.getResources(name)
                : Collections.emptyEnumeration();
    }
}
