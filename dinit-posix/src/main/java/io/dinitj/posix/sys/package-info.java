/**
 * The system-call room: the only code of the platform that touches libc. {@link
 * io.dinitj.posix.sys.Posix} is the seam, every call the daemon makes as a narrow interface
 * whose results are {@code >= 0} or {@code -errno}, never an exception for an operating-system
 * error; {@link io.dinitj.posix.sys.JnrPosix} implements it through jnr-ffi (not jnr-posix's
 * large interface: docs/platform-notes.md §5), with {@code posix_spawn} behind
 * {@link io.dinitj.posix.sys.Posix#spawn} and a {@link io.dinitj.posix.sys.SpawnRequest}. Tests
 * put a faulty twin in front of it to make chosen calls fail. Around the seam sit
 * {@link io.dinitj.posix.sys.Spawner} (a spawn's result as a value), the small readers of the
 * kernel's own tables ({@link io.dinitj.posix.sys.ProcessTable},
 * {@link io.dinitj.posix.sys.AllProcesses}) and the name-service user database the loader asks
 * ({@link io.dinitj.posix.sys.NssUserDatabase}).
 *
 * <p>Nothing here knows about services, the event loop or the daemon: every other room of
 * {@code io.dinitj.posix} depends on this one, and this one on none of them; an architecture
 * rule keeps jnr inside it. Error numbers and their texts are {@link io.dinitj.api.spi.Errno}'s.
 */
package io.dinitj.posix.sys;
