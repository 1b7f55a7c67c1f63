package dev.lakehouse.generator.ledger;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()}, character for character, without going through
 * DateTimeFormatter.ISO_INSTANT: the ledger formats one instant per record, and the formatter
 * was a quarter of the ledger's cost in a profile. Years outside 0-9999 (which ISO_INSTANT
 * writes with a sign) are left to {@code toString()}.
 */
final class IsoInstant {

    private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private IsoInstant() {}

    static String format(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            return t.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        StringBuilder text = new StringBuilder(30);
        digits(text, date.getYear(), 4).append('-');
        digits(text, date.getMonthValue(), 2).append('-');
        digits(text, date.getDayOfMonth(), 2).append('T');
        digits(text, secondOfDay / 3600, 2).append(':');
        digits(text, secondOfDay / 60 % 60, 2).append(':');
        digits(text, secondOfDay % 60, 2);
        int nanos = t.getNano();
        if (nanos > 0) {
            // As ISO_INSTANT: milliseconds, microseconds or nanoseconds, whichever is exact.
            text.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(text, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                digits(text, nanos / 1000, 6);
            } else {
                digits(text, nanos, 9);
            }
        }
        return text.append('Z').toString();
    }

    /** A non-negative value, zero-padded to the width. */
    private static StringBuilder digits(StringBuilder text, int value, int width) {
        for (int bound = POWERS_OF_TEN[width - 1]; bound > 1 && value < bound; bound /= 10) {
            text.append('0');
        }
        return text.append(value);
    }
}
