package io.dinitj.core.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Loads Dinit/J's classes (main and test, {@code io.dinitj.*}) itself, each method given a call
 * to {@link AllocationFaults#site()} before every allocation site: {@code new}, array creation,
 * {@code invokedynamic} (string concatenation, lambdas), and every call into code outside
 * {@code io.dinitj} (the JDK's collections, strings and files allocate inside). Methods marked
 * {@code @HotPath} are left alone: the allocation tests prove they allocate nothing, so no
 * allocation failure can arise in them. Everything else comes from the parent.
 *
 * <p>Why a class loader and not an agent: the sweep needs no JVM option and no attach, and the
 * test's own copy of the classes stays uninstrumented. ASM (already pinned, for jnr) rewrites
 * the bytes.
 */
public final class AllocationFaultLoader extends ClassLoader {

    private static final String FAULTS = "io/dinitj/core/faults/AllocationFaults";
    private static final String HOT_PATH = "Lio/dinitj/collections/HotPath;";

    /**
     * Creates the loader.
     *
     * @param parent where the bytes, and every other class, come from
     */
    public AllocationFaultLoader(ClassLoader parent) {
        super(parent);
    }

    /**
     * Calls into the JDK that cannot allocate, by owner, or owner and name: not allocation
     * sites, so an injected failure there would be one no real run can meet.
     */
    private static final Set<String> NO_ALLOCATION = Set.of(
            "java/lang/Math", "java/lang/StrictMath", "java/lang/Character",
            "java/lang/System.arraycopy", "java/lang/System.nanoTime",
            "java/lang/System.currentTimeMillis", "java/lang/System.identityHashCode",
            "java/util/Objects.requireNonNull", "java/util/Objects.equals",
            "java/util/Objects.hashCode", "java/util/Arrays.fill",
            "java/lang/String.length", "java/lang/String.charAt", "java/lang/String.isEmpty",
            "java/lang/String.equals", "java/lang/String.hashCode", "java/lang/String.indexOf",
            "java/lang/String.startsWith", "java/lang/String.endsWith",
            "java/lang/Integer.compare", "java/lang/Integer.intValue",
            "java/lang/Long.compare", "java/lang/Long.longValue",
            "java/lang/Boolean.booleanValue", "java/lang/Enum.ordinal",
            "java/lang/Object.getClass", "java/lang/Thread.currentThread",
            // Lookups and removals in the maps the engine keeps; calls through functional
            // interfaces reach Dinit/J's own lambdas, whose bodies have their own sites.
            "java/util/Map.get", "java/util/Map.remove", "java/util/Map.containsKey",
            "java/util/HashMap.get", "java/util/HashMap.remove", "java/util/HashMap.containsKey",
            "java/util/function/Function", "java/util/function/Consumer",
            "java/util/function/Predicate", "java/util/function/Supplier",
            "java/util/function/BooleanSupplier", "java/util/function/IntConsumer",
            "java/lang/Runnable",
            // Size, lookup and element reads of collections, and duration arithmetic.
            "java/util/List.get", "java/util/List.size", "java/util/List.isEmpty",
            "java/util/Set.contains", "java/util/Set.size", "java/util/Set.isEmpty",
            "java/util/Collection.size", "java/util/Collection.isEmpty",
            "java/util/Map.size", "java/util/Map.isEmpty",
            "java/util/ArrayList.get", "java/util/ArrayList.size",
            "java/time/Duration.toNanos", "java/time/Duration.toMillis",
            "java/time/Duration.isZero", "java/time/Duration.isNegative");

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("io.dinitj.") || name.startsWith("io.dinitj.core.faults.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                // Test code (the fixtures, the fake platform) is defined here too, to share
                // packages with the code it drives, but only main code gets the sites.
                byte[] bytes = read(name);
                if (isMainCode(name)) {
                    bytes = instrument(bytes);
                }
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private boolean isMainCode(String name) {
        URL u = getParent().getResource(name.replace('.', '/') + ".class");
        String where = u == null ? "" : u.toString();
        return !where.contains("/test-classes/") && !where.contains("-tests.jar");
    }

    private byte[] read(String name) throws ClassNotFoundException {
        try (InputStream in = getParent().getResourceAsStream(
                name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Inserts the site calls.
     *
     * @param original the class file
     * @return the instrumented class file
     */
    static byte[] instrument(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc,
                    String signature, String[] exceptions) {
                return new Sites(super.visitMethod(access, name, desc, signature, exceptions));
            }
        }, 0);
        return writer.toByteArray();
    }

    /** One method's rewriting; off for a {@code @HotPath} method. */
    private static final class Sites extends MethodVisitor {
        private boolean hot;

        Sites(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
            if (HOT_PATH.equals(desc)) {
                hot = true;
            }
            return super.visitAnnotation(desc, visible);
        }

        private void site() {
            if (!hot) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, FAULTS, "site", "()V", false);
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.ANEWARRAY) {
                site();
            }
            super.visitTypeInsn(opcode, type);
            if (opcode == Opcodes.NEW) {
                // After the 'new', not before: a stack map frame may name the 'new' by its
                // offset (an uninitialised object), and a call with that object on the stack is
                // valid. It fails before the constructor runs, as a failed allocation would.
                site();
            }
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            if (opcode == Opcodes.NEWARRAY) {
                site();
            }
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int dims) {
            site();
            super.visitMultiANewArrayInsn(desc, dims);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bsm,
                Object... args) {
            site();
            super.visitInvokeDynamicInsn(name, desc, bsm, args);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc,
                boolean itf) {
            // Constructors are counted at their 'new'; calls within Dinit/J at their own sites.
            if (!owner.startsWith("io/dinitj/") && !name.equals("<init>")
                    && !NO_ALLOCATION.contains(owner)
                    && !NO_ALLOCATION.contains(owner + "." + name)) {
                site();
            }
            super.visitMethodInsn(opcode, owner, name, desc, itf);
        }
    }
}
