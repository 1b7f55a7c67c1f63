package dev.lakehouse.spark.streaming;

import dev.lakehouse.spark.config.LakehouseConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test seam for supervision: {@code lakehouse.stream.fault-injection=<query>:<n>} makes the first n batch
 * attempts of that query throw before they write anything, the way an unexpected error would. The count lives
 * in the driver JVM (foreachBatch runs there), so it spans the query's restarts. Unset, it does nothing.
 */
public final class FaultInjection {
    private static final Map<String, AtomicInteger> REMAINING = new ConcurrentHashMap<>();

    private FaultInjection() {}

    /** Called once per stream run: arms what the configuration asks for, disarms everything else. */
    public static void arm(LakehouseConfig config) {
        REMAINING.clear();
        String spec = config.get(LakehouseConfig.FAULT_INJECTION, null);
        if (spec == null) {
            return;
        }
        for (String part : spec.split(",")) {
            String[] qn = part.trim().split(":");
            REMAINING.put(qn[0].trim(), new AtomicInteger(qn.length > 1 ? Integer.parseInt(qn[1].trim()) : 1));
        }
    }

    /** First thing in a batch writer. */
    public static void beforeBatch(String queryName, long batchId) {
        AtomicInteger left = REMAINING.get(queryName);
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException("injected fault in " + queryName + " batch " + batchId + " ("
                    + LakehouseConfig.FAULT_INJECTION + ")");
        }
    }
}
