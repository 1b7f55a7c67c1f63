package dev.lakehouse.spark.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations the way Spark writes them ("30 minutes", "5 seconds", "2h"), so one syntax serves both. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]+)\\s*");

    private Durations() {}

    public static Duration parse(String key, String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new ConfigException("'" + key + "' must be a duration like '30 minutes', got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (unit.startsWith("ms") || unit.startsWith("milli")) return Duration.ofMillis(n);
        if (unit.startsWith("s")) return Duration.ofSeconds(n);
        if (unit.startsWith("m")) return Duration.ofMinutes(n);
        if (unit.startsWith("h")) return Duration.ofHours(n);
        if (unit.startsWith("d")) return Duration.ofDays(n);
        throw new ConfigException("'" + key + "' has an unknown time unit '" + unit + "'");
    }
}
