package io.dinitj.core.load;

import io.dinitj.core.service.TestSets;
import io.dinitj.core.type.FakeTypes;
import io.dinitj.core.type.ServiceTypes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A service directory in a temporary folder, a loader over it, and a set to load into. */
final class LoaderFixture {

    /** A user database with two users and one extra group. */
    static final class FakeUsers implements UserDatabase {
        @Override
        public PasswdEntry lookupUser(String name) {
            return switch (name) {
                case "alice" -> new PasswdEntry("alice", 1001, 1001, "/home/alice", "/bin/sh");
                case "root" -> new PasswdEntry("root", 0, 0, "/root", "/bin/bash");
                default -> null;
            };
        }

        @Override
        public PasswdEntry lookupUid(int uid) {
            return switch (uid) {
                case 1001 -> lookupUser("alice");
                case 0 -> lookupUser("root");
                default -> null;
            };
        }

        @Override
        public Integer lookupGroup(String name) {
            return switch (name) {
                case "www" -> 33;
                case "alice" -> 1001;
                default -> null;
            };
        }
    }

    /** Dinit's five types, from the real plugins: what the loader tests expect by default. */
    static final ServiceTypes DINIT_TYPES = FakeTypes.dinitAnd();
    /** Dinit's types and the third-party fakes: clock (settings), runner and plain. */
    static final ServiceTypes WITH_FAKES = FakeTypes.dinitAnd(
            "io.dinitj.core.type.FakeTypes$Clock", "io.dinitj.core.type.FakeTypes$Runner",
            "io.dinitj.core.type.FakeTypes$Plain", "io.dinitj.core.type.FakeTypes$Throwing");

    final Path dir;
    /** The types the loader accepts; a test may replace them before loading. */
    ServiceTypes types = DINIT_TYPES;
    final Map<String, String> env = new HashMap<>();
    final DescriptionSet set = new DescriptionSet();

    LoaderFixture(Path dir) {
        this.dir = dir;
    }

    LoaderFixture file(String name, String... lines) {
        TestSets.write(dir, name, lines);
        return this;
    }

    LoadContext context() {
        return new LoadContext(new ServiceDirectories(List.of(dir)), env, new FakeUsers(),
                types, 0, 0);
    }

    LoadOutcome load(String name) {
        return new DescriptionLoader(context()).load(name, set);
    }

    LoadOutcome parseOne(String name) {
        return new DescriptionLoader(context()).parseOne(name);
    }
}
