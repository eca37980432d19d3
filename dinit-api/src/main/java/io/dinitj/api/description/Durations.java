package io.dinitj.api.description;

/** Durations written as Dinit writes timeouts: decimal seconds, up to nine fractional digits. */
public final class Durations {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Durations() {
    }

    /**
     * Parses decimal seconds.
     *
     * @param text such as {@code 30}, {@code 0.25} or {@code 1.5}
     * @return nanoseconds
     * @throws IllegalArgumentException if the text is not a non-negative decimal number of
     *     seconds that fits
     */
    public static long parseSeconds(String text) {
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String frac = dot < 0 ? "" : text.substring(dot + 1);
        if ((whole.isEmpty() && frac.isEmpty()) || !digits(whole) || !digits(frac)) {
            throw new IllegalArgumentException("'" + text + "' is not a number of seconds");
        }
        if (frac.length() > 9) {
            frac = frac.substring(0, 9);
        }
        long seconds;
        try {
            seconds = whole.isEmpty() ? 0 : Long.parseLong(whole);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        if (seconds > Long.MAX_VALUE / NANOS_PER_SECOND - 1) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        long nanos = 0;
        for (int i = 0; i < 9; i++) {
            nanos = nanos * 10 + (i < frac.length() ? frac.charAt(i) - '0' : 0);
        }
        return seconds * NANOS_PER_SECOND + nanos;
    }

    /**
     * Formats nanoseconds as decimal seconds, without trailing zeros ({@code 1.5}, {@code 30}).
     *
     * @param nanos a non-negative duration
     * @return the text
     */
    public static String formatSeconds(long nanos) {
        long s = nanos / NANOS_PER_SECOND;
        long f = nanos % NANOS_PER_SECOND;
        if (f == 0) {
            return Long.toString(s);
        }
        String frac = String.format("%09d", f);
        int end = frac.length();
        while (frac.charAt(end - 1) == '0') {
            end--;
        }
        return s + "." + frac.substring(0, end);
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
