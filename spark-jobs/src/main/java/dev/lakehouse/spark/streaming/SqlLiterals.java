package dev.lakehouse.spark.streaming;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Literals for generated SQL. Iceberg prunes files only on literal bounds, and procedure arguments must be
 * literals, so times are written out rather than computed in SQL. Sessions run in UTC (see SparkSessions).
 */
public final class SqlLiterals {
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private SqlLiterals() {}

    public static String timestamp(Instant i) {
        return "TIMESTAMP '" + TS.format(i) + "'";
    }

    public static String string(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
