package dev.lakehouse.spark.privacy;

import java.io.PrintWriter;
import java.sql.Timestamp;
import java.util.List;

/** The erase command's table: one line per request, the time each layer was reached or "pending". */
public final class ErasureReport {

    private ErasureReport() {}

    public static void print(List<ErasureState> states, PrintWriter out) {
        out.printf(
                "%-40s %-38s %-8s %-24s %-24s %-24s %-24s %s%n",
                "request", "customer", "arrived", "keys shredded", "silver", "gold", "warehouse", "snapshots expired");
        for (ErasureState s : states) {
            out.printf(
                    "%-40s %-38s %-8s %-24s %-24s %-24s %-24s %s%n",
                    s.requestId(),
                    s.customerId(),
                    s.arrived(),
                    at(s.keysShreddedAt()),
                    at(s.silverErasedAt()),
                    at(s.goldErasedAt()),
                    at(s.warehouseErasedAt()),
                    at(s.snapshotsExpiredAt()));
        }
        out.printf(
                "%d erasure requests, %d complete%n",
                states.size(),
                states.stream().filter(s -> s.snapshotsExpiredAt() != null).count());
    }

    private static String at(Timestamp t) {
        return t == null ? "pending" : t.toInstant().toString();
    }
}
