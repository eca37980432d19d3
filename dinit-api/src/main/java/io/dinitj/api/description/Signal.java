package io.dinitj.api.description;

/** A signal a service file may name, with its Linux number; {@code NONE} sends nothing. */
public enum Signal {
    /** No signal (0). */
    NONE(0),
    /** SIGHUP (1). */
    HUP(1),
    /** SIGINT (2). */
    INT(2),
    /** SIGQUIT (3). */
    QUIT(3),
    /** SIGKILL (9). */
    KILL(9),
    /** SIGUSR1 (10). */
    USR1(10),
    /** SIGUSR2 (12). */
    USR2(12),
    /** SIGTERM (15). */
    TERM(15),
    /** SIGCONT (18). */
    CONT(18),
    /** SIGSTOP (19). */
    STOP(19);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /**
     * Returns the signal number on Linux.
     *
     * @return the number, 0 for {@code NONE}
     */
    public int number() {
        return number;
    }

    /**
     * Finds a signal by the name a service file uses: no {@code SIG} prefix, upper case, or
     * {@code none}/{@code NONE}.
     *
     * @param name the name
     * @return the signal, or null if the name is not one a service file may use
     */
    public static Signal fromName(String name) {
        if (name.equals("none")) {
            return NONE;
        }
        for (Signal s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
