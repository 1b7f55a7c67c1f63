package dev.lakehouse.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Query parameters arrive as text and are parsed here, so a malformed value is a 400 problem that says what was
 * expected (a typed JAX-RS parameter that fails to convert would be a bare 404).
 */
public final class Params {

    private Params() {}

    public static int integer(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problem.badRequest(
                name + " must be a whole number from " + min + " to " + max + ", not '" + shown(value) + "'");
    }

    static Long snapshotId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id > 0) { // Iceberg's snapshot ids are positive
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problem.badRequest("snapshot must be a snapshot id (a positive whole number, see .../snapshots), not '"
                + shown(value) + "'");
    }

    /**
     * An ISO-8601 instant with a zone (2026-11-25T10:00:00Z or 2026-11-25T11:00:00+01:00) from 1970 to a day from now:
     * the lake holds nothing outside that, and an instant beyond it (+999999999-12-31T23:59:59Z) overflows the
     * milliseconds Iceberg compares in.
     */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.badRequest(name + " must be an ISO-8601 instant with a zone, e.g. 2026-11-25T10:00:00Z, not '"
                    + shown(value) + "'");
        }
        Instant latest = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        if (parsed.isBefore(Instant.EPOCH) || parsed.isAfter(latest)) {
            throw Problem.badRequest(name + " must lie between " + Instant.EPOCH + " and " + latest
                    + " (a day from now), not '" + shown(value) + "'");
        }
        return parsed;
    }

    /** The caller's value as echoed in a problem: cut short, so a huge parameter does not make a huge answer. */
    private static String shown(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
