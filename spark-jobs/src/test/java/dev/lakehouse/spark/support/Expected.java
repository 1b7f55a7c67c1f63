package dev.lakehouse.spark.support;

import static dev.lakehouse.spark.support.GenericEvents.amount;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.support.GenericEvents.TestEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;

/** The gold KPIs computed in plain Java from the input events (distinct, on time), to compare with the tables. */
public final class Expected {
    private Expected() {}

    public static List<TestEvent> of(List<TestEvent> events, Domain d) {
        return events.stream().filter(e -> e.domain() == d).toList();
    }

    /** "minute|currency" -> "revenue|orders". */
    public static Map<String, String> revenuePerMinute(List<TestEvent> events) {
        Map<String, BigDecimal> revenue = new TreeMap<>();
        Map<String, Long> orders = new TreeMap<>();
        for (TestEvent e : placed(events)) {
            GenericRecord total = (GenericRecord) e.payload().get("total");
            String k = e.eventTime().truncatedTo(ChronoUnit.MINUTES) + "|" + total.get("currency");
            revenue.merge(k, amount(total), BigDecimal::add);
            orders.merge(k, 1L, Long::sum);
        }
        Map<String, String> out = new TreeMap<>();
        revenue.forEach((k, v) -> out.put(k, v.setScale(2) + "|" + orders.get(k)));
        return out;
    }

    static List<TestEvent> placed(List<TestEvent> events) {
        return of(events, Domain.ORDERS).stream()
                .filter(e -> e.branch().equals("OrderPlaced"))
                .toList();
    }

    static Instant window5(Instant t) {
        long s = t.getEpochSecond();
        return Instant.ofEpochSecond(s - Math.floorMod(s, 300));
    }

    /** window start -> "sessions|views|carts|checkouts|orders". */
    public static Map<Instant, String> funnel(List<TestEvent> events) {
        Map<Instant, Set<String>> sessions = new TreeMap<>();
        Map<Instant, Long> views = new HashMap<>();
        Map<Instant, Set<String>> carts = new HashMap<>();
        Map<Instant, Long> checkouts = new HashMap<>();
        Map<Instant, Long> orders = new HashMap<>();
        for (TestEvent e : of(events, Domain.CLICKSTREAM)) {
            Instant w = window5(e.eventTime());
            sessions.computeIfAbsent(w, k -> new HashSet<>())
                    .add(e.record().get("session_id").toString());
            switch (e.branch()) {
                case "ProductViewed" -> views.merge(w, 1L, Long::sum);
                case "CartItemAdded" ->
                    carts.computeIfAbsent(w, k -> new HashSet<>())
                            .add(e.payload().get("cart_id").toString());
                case "CheckoutStarted" -> checkouts.merge(w, 1L, Long::sum);
                default -> {}
            }
        }
        for (TestEvent e : placed(events)) {
            orders.merge(window5(e.eventTime()), 1L, Long::sum);
        }
        Set<Instant> windows = new java.util.TreeSet<>(sessions.keySet());
        windows.addAll(orders.keySet());
        Map<Instant, String> out = new TreeMap<>();
        for (Instant w : windows) {
            out.put(
                    w,
                    sessions.getOrDefault(w, Set.of()).size() + "|" + views.getOrDefault(w, 0L) + "|"
                            + carts.getOrDefault(w, Set.of()).size() + "|" + checkouts.getOrDefault(w, 0L) + "|"
                            + orders.getOrDefault(w, 0L));
        }
        return out;
    }

    /** "hour|rank" -> "product|units|orders", top n per hour by units, ties by product id. */
    public static Map<String, String> topProducts(List<TestEvent> events, int n) {
        Map<Instant, Map<String, long[]>> perHour = new TreeMap<>();
        Map<Instant, Map<String, Set<String>>> ordersPerHour = new HashMap<>();
        for (TestEvent e : placed(events)) {
            Instant h = e.eventTime().truncatedTo(ChronoUnit.HOURS);
            for (Object o : (List<?>) e.payload().get("lines")) {
                GenericRecord line = (GenericRecord) o;
                String p = line.get("product_id").toString();
                perHour.computeIfAbsent(h, k -> new HashMap<>()).computeIfAbsent(p, k -> new long[1])[0] +=
                        (Integer) line.get("quantity");
                ordersPerHour
                        .computeIfAbsent(h, k -> new HashMap<>())
                        .computeIfAbsent(p, k -> new HashSet<>())
                        .add(e.record().get("order_id").toString());
            }
        }
        Map<String, String> out = new TreeMap<>();
        perHour.forEach((h, products) -> {
            List<Map.Entry<String, long[]>> sorted = new ArrayList<>(products.entrySet());
            sorted.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(x -> -x.getValue()[0])
                    .thenComparing(Map.Entry::getKey));
            for (int i = 0; i < Math.min(n, sorted.size()); i++) {
                String p = sorted.get(i).getKey();
                out.put(
                        h + "|" + (i + 1),
                        p + "|" + sorted.get(i).getValue()[0] + "|"
                                + ordersPerHour.get(h).get(p).size());
            }
        });
        return out;
    }

    /** product -> "quantity|warehouses": latest quantity_on_hand per warehouse (by event time), summed. */
    public static Map<String, String> stock(List<TestEvent> events) {
        Map<String, TestEvent> latest = new HashMap<>();
        for (TestEvent e : of(events, Domain.INVENTORY)) {
            String k = e.record().get("product_id") + "|" + e.record().get("warehouse_id");
            latest.merge(k, e, (a, b) -> b.eventTime().isAfter(a.eventTime()) ? b : a);
        }
        Map<String, long[]> sum = new TreeMap<>();
        latest.values().forEach(e -> {
            long[] s = sum.computeIfAbsent(e.record().get("product_id").toString(), k -> new long[2]);
            s[0] += (Integer) e.record().get("quantity_on_hand");
            s[1]++;
        });
        return sum.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, x -> x.getValue()[0] + "|" + x.getValue()[1], (a, b) -> a, TreeMap::new));
    }

    /** session -> "events|started|last": sessions whose last event is within the timeout of the newest click. */
    public static Map<String, String> activeSessions(List<TestEvent> events, Duration timeout) {
        List<TestEvent> clicks = of(events, Domain.CLICKSTREAM);
        Instant newest = clicks.stream()
                .map(TestEvent::eventTime)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Instant cutoff = newest.minus(timeout);
        Map<String, List<TestEvent>> bySession = clicks.stream()
                .collect(Collectors.groupingBy(e -> e.record().get("session_id").toString()));
        Map<String, String> out = new TreeMap<>();
        bySession.forEach((s, es) -> {
            Instant first = es.stream()
                    .map(TestEvent::eventTime)
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            Instant last = es.stream()
                    .map(TestEvent::eventTime)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            if (!last.isBefore(cutoff)) {
                out.put(s, es.size() + "|" + first + "|" + last);
            }
        });
        return out;
    }

    public static String hmac(String key, String value) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of()
                    .formatHex(mac.doFinal(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> Map<T, Long> counts(List<T> values) {
        return values.stream()
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(x -> x, TreeMap::new, Collectors.counting()));
    }
}
