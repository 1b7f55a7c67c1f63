package dev.lakehouse.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Query parameters arrive as text and are parsed here, so a malformed value is a 400 problem that says what was
 * expected (a typed JAX-RS parameter that fails to convert would be a bare 404).
 */
final class Params {

    private Params() {}

    static int integer(String name, String value, int defaultValue, int min, int max) {
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
        throw Problem.badRequest(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    static Long snapshotId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw Problem.badRequest(
                    "snapshot must be a snapshot id (a whole number, see .../snapshots), not '" + value + "'");
        }
    }

    /** An ISO-8601 instant with a zone: 2026-11-25T10:00:00Z or 2026-11-25T11:00:00+01:00. */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.badRequest(
                    name + " must be an ISO-8601 instant with a zone, e.g. 2026-11-25T10:00:00Z, not '" + value + "'");
        }
    }
}
