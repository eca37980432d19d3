package io.dinitj.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads what ArchUnit does not import: {@code invokedynamic} (string concatenation since Java 9,
 * lambda creation) and allocation instructions ({@code new}, {@code newarray}, {@code anewarray},
 * {@code multianewarray}). It reads the class file with ASM. A lambda body is a separate
 * synthetic method; a lambda created in a method counts as part of that method, so its body is
 * scanned with it.
 */
final class Bytecode {

    private static final String CONCAT_FACTORY = "java/lang/invoke/StringConcatFactory";
    private static final String LAMBDA_FACTORY = "java/lang/invoke/LambdaMetafactory";

    /** One finding: what, and the source line (0 where the class has no line table). */
    record Finding(String what, int line) {
    }

    /** What one method does that matters here. */
    private static final class MethodFacts {
        final List<Finding> concatenations = new ArrayList<>();
        final List<Finding> allocations = new ArrayList<>();
        final List<String> lambdaBodies = new ArrayList<>();
    }

    private static final Map<String, Map<String, MethodFacts>> CACHE = new ConcurrentHashMap<>();

    private Bytecode() {
    }

    /**
     * Returns where {@code unit}, or a lambda it creates, concatenates strings.
     *
     * @param unit a method or constructor
     * @return the findings, empty if none
     */
    static List<Finding> concatenations(JavaCodeUnit unit) {
        List<Finding> out = new ArrayList<>();
        forUnitAndItsLambdas(unit, m -> out.addAll(m.concatenations));
        return out;
    }

    /**
     * Returns where {@code unit}, or a lambda it creates, allocates: object and array creation,
     * and lambdas that capture values (a non-capturing lambda is a shared constant). Creating an
     * exception is not counted: throwing is the misuse path, which may allocate.
     *
     * @param unit a method or constructor
     * @return the findings, empty if none
     */
    static List<Finding> allocations(JavaCodeUnit unit) {
        List<Finding> out = new ArrayList<>();
        forUnitAndItsLambdas(unit, m -> out.addAll(m.allocations));
        return out;
    }

    private static void forUnitAndItsLambdas(JavaCodeUnit unit,
            java.util.function.Consumer<MethodFacts> action) {
        Map<String, MethodFacts> facts = CACHE.computeIfAbsent(
                unit.getOwner().getName(), name -> scan(unit.getOwner()));
        // Lambdas created inside lambdas are followed with a work list, not recursion.
        Deque<String> work = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        work.push(unit.getName() + unit.getDescriptor());
        while (!work.isEmpty()) {
            String key = work.pop();
            MethodFacts m = facts.get(key);
            if (m == null || !seen.add(key)) {
                continue;
            }
            action.accept(m);
            m.lambdaBodies.forEach(work::push);
        }
    }

    /** The tag of a {@code CONSTANT_String} entry in a class file's constant pool (JVMS 4.4). */
    private static final int CONSTANT_STRING = 8;

    /**
     * Returns the string constants of a class: its constant pool's {@code CONSTANT_String}
     * entries, which is where a string literal (or a {@code static final String} compile-time
     * constant inlined from anywhere) ends up. Names of methods, fields and classes are
     * {@code CONSTANT_Utf8} entries that no {@code CONSTANT_String} refers to, so they do not
     * count.
     *
     * @param type a class with a class file
     * @return the strings, in constant-pool order
     */
    static List<String> stringConstants(JavaClass type) {
        ClassReader reader = new ClassReader(classFile(type));
        char[] buffer = new char[reader.getMaxStringLength()];
        List<String> out = new ArrayList<>();
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            // 0 is the unusable second slot of a long or double entry.
            if (offset > 0 && reader.readByte(offset - 1) == CONSTANT_STRING) {
                out.add((String) reader.readConst(i, buffer));
            }
        }
        return out;
    }

    private static byte[] classFile(JavaClass type) {
        Source source = type.getSource().orElseThrow(() -> new IllegalStateException(
                "no class file found for " + type.getName() + "; cannot scan its bytecode"));
        try (InputStream in = source.getUri().toURL().openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.getUri(), e);
        }
    }

    private static Map<String, MethodFacts> scan(JavaClass type) {
        byte[] bytes = classFile(type);
        String internalName = type.getName().replace('.', '/');
        Map<String, MethodFacts> result = new HashMap<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                MethodFacts m = new MethodFacts();
                result.put(name + descriptor, m);
                return new FactCollector(m, internalName);
            }
        }, ClassReader.SKIP_FRAMES);
        return result;
    }

    private static final class FactCollector extends MethodVisitor {
        private final MethodFacts facts;
        private final String owner;
        private int line;

        FactCollector(MethodFacts facts, String owner) {
            super(Opcodes.ASM9);
            this.facts = facts;
            this.owner = owner;
        }

        @Override
        public void visitLineNumber(int number, Label start) {
            line = number;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW && !isThrowable(type)) {
                facts.allocations.add(new Finding("new " + type.replace('/', '.'), line));
            } else if (opcode == Opcodes.ANEWARRAY) {
                facts.allocations.add(new Finding("new " + type.replace('/', '.') + "[]", line));
            }
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            if (opcode == Opcodes.NEWARRAY) {
                facts.allocations.add(new Finding("new primitive array", line));
            }
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            facts.allocations.add(new Finding("new " + descriptor, line));
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
                Object... args) {
            if (bootstrap.getOwner().equals(CONCAT_FACTORY)) {
                facts.concatenations.add(new Finding("string concatenation", line));
                return;
            }
            if (!bootstrap.getOwner().equals(LAMBDA_FACTORY)) {
                return;
            }
            if (Type.getArgumentTypes(descriptor).length > 0) {
                facts.allocations.add(new Finding("a capturing lambda", line));
            }
            for (Object arg : args) {
                if (arg instanceof Handle && ((Handle) arg).getOwner().equals(owner)) {
                    Handle body = (Handle) arg;
                    facts.lambdaBodies.add(body.getName() + body.getDesc());
                }
            }
        }

        private static boolean isThrowable(String internalName) {
            try {
                Class<?> c = Class.forName(internalName.replace('/', '.'), false,
                        Bytecode.class.getClassLoader());
                return Throwable.class.isAssignableFrom(c);
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }
}
