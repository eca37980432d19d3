package io.dinitj.shell.ctl;

import java.io.IOException;
import java.util.List;

/**
 * The full-screen surface {@code watch} draws on: the interactive shell hands in its terminal,
 * a one-shot {@code dinitctl watch} opens the system terminal ({@link TerminalScreen}).
 */
public interface Screen {

    /** {@link #readKey} result: nothing was typed within the timeout. */
    int NO_KEY = -2;
    /** {@link #readKey} result: the input ended. */
    int END = -1;

    /** Takes over the screen: alternate screen where supported, keys read unbuffered. */
    void enter();

    /** Gives the screen back as it was before {@link #enter}. */
    void leave();

    /**
     * Replaces what is shown.
     *
     * @param lines the frame, at most {@link #height()} lines, none wider than {@link #width()}
     */
    void show(List<String> lines);

    /**
     * Tells whether {@link #show} replaces the picture in place (a real terminal), rather than
     * printing one frame after another (a dumb terminal or a pipe).
     *
     * @return true if frames replace each other
     */
    boolean inPlace();

    /**
     * The width in columns.
     *
     * @return the width, at least 20
     */
    int width();

    /**
     * The height in lines.
     *
     * @return the height, at least 5
     */
    int height();

    /**
     * Tells whether service states may be coloured.
     *
     * @return true for a colour terminal with colour wanted
     */
    boolean colour();

    /**
     * Waits for a key.
     *
     * @param timeoutMillis how long to wait
     * @return the character, {@link #NO_KEY} or {@link #END}
     * @throws IOException if reading fails (or is interrupted)
     */
    int readKey(long timeoutMillis) throws IOException;
}
