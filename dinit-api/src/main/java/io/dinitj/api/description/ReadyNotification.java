package io.dinitj.api.description;

/**
 * The {@code ready-notification} setting: the process reports readiness by writing to a pipe
 * whose write end is either at a fixed descriptor ({@code pipefd:N}) or at a descriptor named in
 * an environment variable ({@code pipevar:VAR}).
 *
 * @param fd the descriptor for {@code pipefd}, or -1 for {@code pipevar}
 * @param variable the variable for {@code pipevar}, or null for {@code pipefd}
 */
public record ReadyNotification(int fd, String variable) {

    /**
     * Checks that exactly one form is given.
     *
     * @param fd the descriptor for {@code pipefd}, or -1 for {@code pipevar}
     * @param variable the variable for {@code pipevar}, or null for {@code pipefd}
     */
    public ReadyNotification {
        if ((fd >= 0) == (variable != null)) {
            throw new IllegalArgumentException("give either a descriptor or a variable");
        }
    }
}
