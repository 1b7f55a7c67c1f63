package dev.lakehouse.spark.streaming;

import dev.lakehouse.spark.config.Durations;
import dev.lakehouse.spark.config.LakehouseConfig;
import org.apache.spark.sql.streaming.Trigger;

/** {@code lakehouse.stream.trigger}: a processing-time interval such as "5 seconds", or "available-now". */
public final class Triggers {
    private Triggers() {}

    public static Trigger of(LakehouseConfig config) {
        if (isAvailableNow(config)) {
            return Trigger.AvailableNow();
        }
        String interval = config.get(LakehouseConfig.TRIGGER).trim();
        return Trigger.ProcessingTime(
                Durations.parse(LakehouseConfig.TRIGGER, interval).toMillis());
    }

    public static boolean isAvailableNow(LakehouseConfig config) {
        return config.get(LakehouseConfig.TRIGGER).trim().equalsIgnoreCase("available-now");
    }
}
