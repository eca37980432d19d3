package io.dinitj.api.spi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Real plugin jars, made at test time as a third party makes them: Java sources compiled with
 * {@code javax.tools} against dinit-api alone, packed with {@code java.util.jar} with a
 * {@code META-INF/services} entry. In dinit-api's test jar, for the registry's, the daemon's and
 * dinit-check's plugin tests (and for plugin authors' own).
 */
public final class PluginJars {

    /**
     * A type {@code NAME} in package {@code PKG} that starts and stops at once, declares
     * {@code KILL_ALL_ON_STOP} and one optional setting, {@code greeting}: fill in with
     * {@link String#formatted}(PKG, CLASS, NAME).
     */
    public static final String SIMPLE_TYPE = """
            package %1$s;
            import io.dinitj.api.description.*;
            import io.dinitj.api.spi.*;
            import java.util.*;
            public final class %2$s implements ServiceType {
                public static final TypeSetting<String> GREETING = TypeSetting.optional(
                        "greeting", SettingParser.text(), "what it says");
                public String name() { return "%3$s"; }
                public Set<TypeCapability> capabilities() {
                    return Set.of(TypeCapability.KILL_ALL_ON_STOP);
                }
                public List<TypeSetting<?>> settings() { return List.of(GREETING); }
                public ServiceBehaviour create(ServiceDescription d, ServiceHandle h,
                        ServiceContext c) {
                    return new ServiceBehaviour() {
                        public boolean bringUp() { h.started(); return true; }
                        public void bringDown() { h.stopped(); }
                    };
                }
            }
            """;

    private PluginJars() {
    }

    /**
     * The source of a simple type ({@link #SIMPLE_TYPE}).
     *
     * @param className the binary name, {@code pkg.Class}
     * @param typeName the type's name
     * @return class name to source
     */
    public static Map<String, String> simpleType(String className, String typeName) {
        int dot = className.lastIndexOf('.');
        return Map.of(className, SIMPLE_TYPE.formatted(className.substring(0, dot),
                className.substring(dot + 1), typeName));
    }

    /**
     * Compiles sources against dinit-api into a fresh directory.
     *
     * @param dir where the classes go (created)
     * @param sources class name ({@code pkg.Class}) to source
     * @return {@code dir}
     * @throws IOException if writing fails
     */
    public static Path compile(Path dir, Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-nowarn", "-d",
                classes.toString(), "-cp", apiLocation().toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("test plugin sources do not compile: "
                    + errors.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }

    /** Where dinit-api's classes are (a directory in the reactor, a jar elsewhere). */
    private static Path apiLocation() {
        try {
            return Path.of(ServiceType.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a jar of compiled classes: every class file directly in each of the packages
     * named (not their subpackages), and a {@code META-INF/services} entry listing the
     * providers, if any.
     *
     * @param jar the jar to write (its directory is created)
     * @param classes what {@link #compile} returned
     * @param packages the packages to include, such as {@code good}
     * @param providers the {@link ServiceType} classes to list
     * @return {@code jar}
     * @throws IOException if reading or writing fails
     */
    public static Path jar(Path jar, Path classes, List<String> packages, String... providers)
            throws IOException {
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream f = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(f)) {
            for (String pkg : packages) {
                String dir = pkg.replace('.', '/');
                List<Path> files = new ArrayList<>();
                try (DirectoryStream<Path> s = Files.newDirectoryStream(classes.resolve(dir),
                        "*.class")) {
                    s.forEach(files::add);
                }
                files.sort(null);
                for (Path c : files) {
                    out.putNextEntry(new JarEntry(dir + "/" + c.getFileName()));
                    out.write(Files.readAllBytes(c));
                    out.closeEntry();
                }
            }
            if (providers.length > 0) {
                out.putNextEntry(new JarEntry("META-INF/services/" + ServiceType.class.getName()));
                out.write((String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Compiles a simple type and writes it as a jar: a plugin in one call.
     *
     * @param work a scratch directory for the sources and classes
     * @param jar the jar to write
     * @param className the provider's binary name, {@code pkg.Class}
     * @param typeName the type's name
     * @return {@code jar}
     * @throws IOException if writing fails
     */
    public static Path simplePlugin(Path work, Path jar, String className, String typeName)
            throws IOException {
        Path classes = compile(work, simpleType(className, typeName));
        return jar(jar, classes, List.of(className.substring(0, className.lastIndexOf('.'))),
                className);
    }
}
