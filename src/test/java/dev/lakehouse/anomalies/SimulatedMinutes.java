package dev.lakehouse.anomalies;

import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.clickstream.ProductViewed;
import dev.lakehouse.events.orders.OrderCancelled;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderPaid;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.generator.faults.FaultInjector;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.Fault;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.simulation.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the simulation with its faults (FaultInjector, as the generator sends it) and counts each minute as the
 * lake would: poison records are dead letters, late events go to silver.late_events and duplicates are dropped,
 * so neither counts; the rest count by event time. No Kafka: a simulated day takes about a second.
 */
final class SimulatedMinutes {

    private SimulatedMinutes() {}

    static List<MinuteFigures> run(GeneratorSettings settings, Duration length) {
        Simulation simulation = new Simulation(settings);
        FaultInjector source =
                new FaultInjector(simulation::next, settings.faults(), settings.seed(), settings.currency());
        Instant from = settings.from().truncatedTo(ChronoUnit.MINUTES);
        int minutes = (int) length.toMinutes();
        long[] events = new long[minutes];
        long[] dead = new long[minutes];
        long[] orders = new long[minutes];
        long[] paid = new long[minutes];
        long[] cancelled = new long[minutes];
        long[] views = new long[minutes];
        double[] revenue = new double[minutes];
        List<Set<String>> sessions = new ArrayList<>();
        List<Map<String, Long>> viewsByProduct = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            sessions.add(new HashSet<>());
            viewsByProduct.add(new HashMap<>());
        }
        // Duplicates are resends of recent events: the last 200,000 ids find them, and a week of ids would not fit.
        Set<String> seen = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<String, Boolean>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > 200_000;
            }
        });
        long[] sessionCount = new long[minutes];
        long[] topViews = new long[minutes];
        int closed = 0;
        long fromMillis = from.toEpochMilli();
        // Out-of-order events come up to 50 records late: two minutes more complete every minute. Late events never
        // count (silver.late_events), so their lag need not be waited for.
        long stop = fromMillis + length.toMillis() + 120_000;
        long lastSent = fromMillis;
        while (true) {
            Emission e = source.get();
            if (e.fault() == null && e.eventTime().toEpochMilli() >= stop) {
                break;
            }
            Fault fault = e.fault();
            if (fault != null && fault.isPoison()) {
                // Judged when sent: the minute of the last real event sent before it.
                int m = (int) ((lastSent - fromMillis) / 60_000);
                if (m >= 0 && m < minutes) {
                    dead[m]++;
                }
                continue;
            }
            if (fault == Fault.LATE || !seen.add(e.eventId())) {
                continue;
            }
            long t = e.eventTime().toEpochMilli();
            lastSent = Math.max(lastSent, t);
            int m = (int) Math.floorDiv(t - fromMillis, 60_000L);
            if (m < 0 || m >= minutes) {
                continue;
            }
            events[m]++;
            // Minutes ten behind the newest are complete (out-of-order events trail by at most 50 records): keep
            // their counts, drop their sets.
            for (; closed < m - 10; closed++) {
                sessionCount[closed] = sessions.get(closed).size();
                topViews[closed] = top(viewsByProduct.get(closed), 5);
                sessions.set(closed, null);
                viewsByProduct.set(closed, null);
            }
            if (e.event() instanceof ClickstreamEvent c && sessions.get(m) != null) {
                sessions.get(m).add(c.getSessionId());
                if (c.getPayload() instanceof ProductViewed v) {
                    views[m]++;
                    viewsByProduct.get(m).merge(v.getProductId(), 1L, Long::sum);
                }
            } else if (e.event() instanceof OrderEvent o) {
                if (o.getPayload() instanceof OrderPlaced) {
                    orders[m]++;
                    revenue[m] += e.amount().doubleValue();
                } else if (o.getPayload() instanceof OrderPaid) {
                    paid[m]++;
                } else if (o.getPayload() instanceof OrderCancelled) {
                    cancelled[m]++;
                }
            }
        }
        for (; closed < minutes; closed++) {
            sessionCount[closed] = sessions.get(closed).size();
            topViews[closed] = top(viewsByProduct.get(closed), 5);
        }
        List<MinuteFigures> out = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            out.add(new MinuteFigures(
                    from.plus(Duration.ofMinutes(i)),
                    events[i],
                    dead[i],
                    sessionCount[i],
                    views[i],
                    topViews[i],
                    orders[i],
                    revenue[i],
                    paid[i],
                    cancelled[i]));
        }
        return out;
    }

    static long top(Map<String, Long> counts, int n) {
        return counts.values().stream()
                .sorted(Comparator.reverseOrder())
                .limit(n)
                .mapToLong(Long::longValue)
                .sum();
    }
}
