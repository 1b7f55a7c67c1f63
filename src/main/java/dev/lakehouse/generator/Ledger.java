package dev.lakehouse.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth of a run: {@code ledger.jsonl} (one JSON object per record sent, in send
 * order) and, on close, {@code summary.json}, in a directory of their own. JSON Lines because
 * every tool reads it (jq, DuckDB, Spark, pandas) and it can be appended while the run goes.
 */
public final class Ledger implements AutoCloseable {

    public static final String ENTRIES = "ledger.jsonl";
    public static final String SUMMARY = "summary.json";

    private final Path dir;
    private final long seed;
    private final String currency;
    private final OutputStream out;
    private final JsonLine line = new JsonLine();
    private long seq;
    private long genuine;
    private String first;
    private String last;
    private final Map<String, Long> perType = new TreeMap<>();
    private final Map<String, Long> perFault = new TreeMap<>();
    private final Map<String, BigDecimal[]> revenue = new TreeMap<>();
    private final Map<String, Long> ordersPerCustomer = new TreeMap<>();

    public Ledger(Path dir, long seed, String currency) {
        try {
            Files.createDirectories(dir);
            this.dir = dir;
            this.seed = seed;
            this.currency = currency;
            this.out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(ENTRIES)), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ledger in " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public void record(Emission e) {
        String time = IsoInstant.format(e.eventTime());
        String amount = e.amount() == null ? null : e.amount().toPlainString();
        String fault = e.fault() == null ? null : e.fault().name();
        line.start().number("seq", seq++).string("event_id", e.eventId()).string("domain", e.domain().id())
                .string("type", e.type()).string("key", e.key()).string("event_time", time).string("amount", amount)
                .string("currency", e.currency()).string("fault", fault);
        try {
            out.write(line.end().getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the ledger in " + dir, ex);
        }
        perType.merge(e.domain().id() + "/" + e.type(), 1L, Long::sum);
        if (fault != null) {
            perFault.merge(fault, 1L, Long::sum);
        }
        boolean isGenuine = e.fault() == null || e.fault() == Fault.LATE || e.fault() == Fault.OUT_OF_ORDER;
        if (!isGenuine) {
            return;
        }
        genuine++;
        if (first == null) {
            first = time;
        }
        last = time;
        if (e.amount() != null && e.domain() == dev.lakehouse.events.Domain.ORDERS) {
            int column = switch (e.type()) {
                case "OrderPlaced" -> 0;
                case "OrderPaid" -> 1;
                case "OrderRefunded" -> 2;
                default -> -1;
            };
            if (column >= 0) {
                BigDecimal[] day = revenue.computeIfAbsent(time.substring(0, 10),
                        d -> new BigDecimal[] {BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2)});
                day[column] = day[column].add(e.amount());
            }
            if (column == 0) {
                ordersPerCustomer.merge(e.key(), 1L, Long::sum);
            }
        }
    }

    public LedgerSummary summary() {
        Map<String, Map<String, String>> perDay = new TreeMap<>();
        revenue.forEach((day, v) -> {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("placed", v[0].toPlainString());
            row.put("paid", v[1].toPlainString());
            row.put("refunded", v[2].toPlainString());
            perDay.put(day, row);
        });
        return new LedgerSummary(seed, seq, genuine, first, last, currency, perType, perFault, perDay, ordersPerCustomer);
    }

    @Override
    public void close() {
        try {
            out.close();
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(SUMMARY).toFile(), summary());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the ledger in " + dir, e);
        }
    }
}
