package dev.lakehouse.generator.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.Fault;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth of a run: {@code ledger.jsonl} (one JSON object per record sent, in send
 * order) and, on close, {@code summary.json}, in a directory of their own. JSON Lines because
 * every tool reads it (jq, DuckDB, Spark, pandas) and it can be appended while the run goes.
 *
 * <p>A ledger can be reopened to go on where it stopped ({@link #append}): its entries are read back
 * into the totals, a line torn by a crash is cut off, and numbering goes on, so one run stays one
 * record of what was sent however often its process was restarted.
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
    private String lastEventId;
    private long genuine;
    private String first;
    private String last;
    private final Map<String, Long> perType = new TreeMap<>();
    private final Map<String, Long> perFault = new TreeMap<>();
    private final Map<String, BigDecimal[]> revenue = new TreeMap<>();
    private final Map<String, Long> ordersPerCustomer = new TreeMap<>();
    private ExperimentTruth experiment;
    private List<IncidentTruth> incidents;
    private TasteTruth tastes;

    public Ledger(Path dir, long seed, String currency) {
        this(dir, seed, currency, false);
    }

    private Ledger(Path dir, long seed, String currency, boolean append) {
        try {
            Files.createDirectories(dir);
            this.dir = dir;
            this.seed = seed;
            this.currency = currency;
            Path entries = dir.resolve(ENTRIES);
            if (append && Files.exists(entries)) {
                readBack(entries);
                this.out = new BufferedOutputStream(Files.newOutputStream(entries, StandardOpenOption.APPEND), 1 << 16);
            } else {
                this.out = new BufferedOutputStream(Files.newOutputStream(entries), 1 << 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ledger in " + dir, e);
        }
    }

    /**
     * Reopens the ledger in {@code dir} to go on after its last complete entry (a new one if there is
     * none). The summary's totals include the entries already there.
     */
    public static Ledger append(Path dir, long seed, String currency) {
        return new Ledger(dir, seed, currency, true);
    }

    /** Entries in the ledger (written or read back): the seq the next one gets. */
    public long entries() {
        return seq;
    }

    /** The event id of the last entry, or null. */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * Reads the entries back into the totals. A kill can leave the last line half written: it is cut
     * off (its record is sent again on resume, see GeneratorRun), never completed or counted.
     */
    private void readBack(Path entries) throws IOException {
        byte[] bytes = Files.readAllBytes(entries);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (var channel = java.nio.channels.FileChannel.open(entries, StandardOpenOption.WRITE)) {
                channel.truncate(end);
            }
        }
        for (LedgerEntry e : LedgerReader.entries(dir)) {
            if (e.seq() != seq) {
                throw new IllegalStateException(
                        "ledger " + entries + " is not one run: entry " + seq + " has seq " + e.seq());
            }
            seq++;
            BigDecimal amount = e.amount() == null ? null : new BigDecimal(e.amount());
            count(
                    e.domain(),
                    e.type(),
                    e.key(),
                    e.eventTime(),
                    amount,
                    e.fault() == null ? null : Fault.valueOf(e.fault()));
            lastEventId = e.eventId();
        }
    }

    public Path dir() {
        return dir;
    }

    public void record(Emission e) {
        String time = IsoInstant.format(e.eventTime());
        String amount = e.amount() == null ? null : e.amount().toPlainString();
        String fault = e.fault() == null ? null : e.fault().name();
        line.start()
                .number("seq", seq++)
                .string("event_id", e.eventId())
                .string("domain", e.domain().id())
                .string("type", e.type())
                .string("key", e.key())
                .string("event_time", time)
                .string("amount", amount)
                .string("currency", e.currency())
                .string("fault", fault);
        try {
            out.write(line.end().getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the ledger in " + dir, ex);
        }
        lastEventId = e.eventId();
        count(e.domain().id(), e.type(), e.key(), time, e.amount(), e.fault());
    }

    /** Hands the written entries to the operating system: a kill of the process no longer loses them. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the ledger in " + dir, ex);
        }
    }

    private void count(String domain, String type, String key, String time, BigDecimal amount, Fault fault) {
        perType.merge(domain + "/" + type, 1L, Long::sum);
        if (fault != null) {
            perFault.merge(fault.name(), 1L, Long::sum);
        }
        boolean isGenuine = fault == null || fault == Fault.LATE || fault == Fault.OUT_OF_ORDER;
        if (!isGenuine) {
            return;
        }
        genuine++;
        if (first == null) {
            first = time;
        }
        last = time;
        if (amount != null && domain.equals(dev.lakehouse.contracts.topics.Domain.ORDERS.id())) {
            int column = switch (type) {
                case "OrderPlaced" -> 0;
                case "OrderPaid" -> 1;
                case "OrderRefunded" -> 2;
                default -> -1;
            };
            if (column >= 0) {
                BigDecimal[] day = revenue.computeIfAbsent(time.substring(0, 10), d -> new BigDecimal[] {
                    BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2)
                });
                day[column] = day[column].add(amount);
            }
            if (column == 0) {
                ordersPerCustomer.merge(key, 1L, Long::sum);
            }
        }
    }

    /** The run's experiment, for the summary (none: the summary has no experiment). */
    public void experiment(ExperimentTruth truth) {
        this.experiment = truth;
    }

    /** The run's incidents, for the summary (null or empty: the summary has no incidents). */
    public void incidents(List<IncidentTruth> truth) {
        this.incidents = truth == null || truth.isEmpty() ? null : List.copyOf(truth);
    }

    /** Shoppers' tastes, for the summary (null: the summary has none). */
    public void tastes(TasteTruth truth) {
        this.tastes = truth;
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
        return new LedgerSummary(
                seed,
                seq,
                genuine,
                first,
                last,
                currency,
                perType,
                perFault,
                perDay,
                ordersPerCustomer,
                experiment,
                incidents,
                tastes);
    }

    @Override
    public void close() {
        try {
            out.close();
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve(SUMMARY).toFile(), summary());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the ledger in " + dir, e);
        }
    }
}
