package dev.lakehouse.spark.support;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.decoding.ReaderSchemas;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Builds contract-conformant records (GenericRecord under the current schemas) for tests. Not the app's
 * generator/EventFactory (which builds the generated SpecificRecord classes): the Spark jobs have no generated classes.
 */
public final class GenericEvents {
    private GenericEvents() {}

    public record TestEvent(Domain domain, String eventId, Instant eventTime, String key, GenericRecord record) {
        public String branch() {
            return ((GenericRecord) record.get("payload")).getSchema().getName();
        }

        public GenericRecord payload() {
            return (GenericRecord) record.get("payload");
        }
    }

    public static Schema branchSchema(Domain d, String branch) {
        return ReaderSchemas.of(d).getField("payload").schema().getTypes().stream()
                .filter(s -> s.getName().equals(branch))
                .findFirst()
                .orElseThrow();
    }

    private static Schema named(Schema within, String name) {
        // Shared named types are reachable from the envelope; find them by walking fields.
        return find(within, name, new java.util.HashSet<>());
    }

    private static Schema find(Schema s, String name, java.util.Set<String> seen) {
        switch (s.getType()) {
            case RECORD -> {
                if (s.getName().equals(name)) return s;
                if (!seen.add(s.getFullName())) return null;
                for (Schema.Field f : s.getFields()) {
                    Schema r = find(f.schema(), name, seen);
                    if (r != null) return r;
                }
            }
            case UNION -> {
                for (Schema t : s.getTypes()) {
                    Schema r = find(t, name, seen);
                    if (r != null) return r;
                }
            }
            case ARRAY -> {
                return find(s.getElementType(), name, seen);
            }
            default -> {
                return null;
            }
        }
        return null;
    }

    public static GenericRecord money(Domain d, String amount, String currency) {
        GenericRecord m = new GenericData.Record(named(ReaderSchemas.of(d), "Money"));
        BigDecimal v = new BigDecimal(amount).setScale(2, RoundingMode.UNNECESSARY);
        m.put("amount", ByteBuffer.wrap(v.unscaledValue().toByteArray()));
        m.put("currency", currency);
        return m;
    }

    public static GenericRecord context(Domain d, String device, String ip) {
        Schema s = named(ReaderSchemas.of(d), "SessionContext");
        GenericRecord c = new GenericData.Record(s);
        c.put("device", new GenericData.EnumSymbol(s.getField("device").schema(), device));
        c.put("ip_address", ip);
        c.put("user_agent", "test-agent");
        return c;
    }

    public static GenericRecord record(Schema s, Map<String, Object> values) {
        GenericRecord r = new GenericData.Record(s);
        values.forEach((k, v) -> {
            Schema.Field f = s.getField(k);
            if (f == null) throw new IllegalArgumentException(s.getName() + " has no field " + k);
            r.put(
                    k,
                    v instanceof String str && f.schema().getType() == Schema.Type.ENUM
                            ? new GenericData.EnumSymbol(f.schema(), str)
                            : v);
        });
        for (Schema.Field f : s.getFields()) {
            if (r.get(f.pos()) == null && f.hasDefaultValue()) {
                r.put(f.pos(), GenericData.get().getDefaultValue(f));
            }
        }
        return r;
    }

    public static TestEvent envelope(
            Domain d,
            String eventId,
            Instant time,
            String key,
            Map<String, Object> top,
            String branch,
            Map<String, Object> payload) {
        Schema env = ReaderSchemas.of(d);
        Map<String, Object> all = new java.util.LinkedHashMap<>(top);
        all.put("event_id", eventId);
        all.put("event_time", time.toEpochMilli());
        all.put("payload", record(branchSchema(d, branch), payload));
        return new TestEvent(d, eventId, time, key, record(env, all));
    }

    public static GenericRecord orderLine(int n, String product, int qty, String unit, String currency) {
        Schema line = branchSchema(Domain.ORDERS, "OrderPlaced")
                .getField("lines")
                .schema()
                .getElementType();
        BigDecimal total = new BigDecimal(unit).multiply(BigDecimal.valueOf(qty));
        return record(
                line,
                Map.of(
                        "line_number",
                        n,
                        "product_id",
                        product,
                        "quantity",
                        qty,
                        "unit_price",
                        money(Domain.ORDERS, unit, currency),
                        "line_total",
                        money(Domain.ORDERS, total.toPlainString(), currency)));
    }

    public static List<GenericRecord> lines(GenericRecord... l) {
        return List.of(l);
    }

    public static BigDecimal amount(GenericRecord money) {
        ByteBuffer b = ((ByteBuffer) money.get("amount")).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new BigDecimal(new java.math.BigInteger(bytes), 2);
    }
}
