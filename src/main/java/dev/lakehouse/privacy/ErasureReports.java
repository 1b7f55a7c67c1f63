package dev.lakehouse.privacy;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.lake.TableRows;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Each erasure request's state per layer, from {@code privacy.erasures} (written by spark-jobs' erase pass). The
 * copies that crypto-shredding reaches (topics, bronze, quarantine, backups) are done when the keys are.
 */
@ApplicationScoped
public class ErasureReports {

    /** A layer and when the erasure reached it; {@code at} null while pending. */
    public record Layer(String layer, String state, Instant at, String how) {}

    public record Report(
            String requestId,
            String customerId,
            Instant requestedAt,
            String channel,
            String arrived,
            String state,
            List<Layer> layers) {}

    private static final TableIdentifier TABLE = TableIdentifier.parse(LakeTables.PRIVACY_ERASURES);

    private final LakeCatalog lake;

    ErasureReports(LakeCatalog lake) {
        this.lake = lake;
    }

    public Optional<Report> byRequest(String requestId) {
        return read(Expressions.equal("request_id", requestId), 1).stream().findFirst();
    }

    public List<Report> byCustomer(String customerId, int limit) {
        return read(Expressions.equal("customer_id", customerId), limit);
    }

    public List<Report> latest(int limit) {
        return read(Expressions.alwaysTrue(), Integer.MAX_VALUE).stream()
                .sorted(Comparator.comparing(Report::requestedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(limit)
                .toList();
    }

    private List<Report> read(Expression filter, int limit) {
        return lake.load(TABLE)
                .map(t -> TableRows.read(t, null, filter, limit).stream()
                        .map(ErasureReports::report)
                        .toList())
                .orElse(List.of());
    }

    private static Report report(Map<String, Object> row) {
        Map<String, Object> r = new LinkedHashMap<>(row);
        List<Layer> layers = List.of(
                layer(
                        "keys",
                        r.get("keys_shredded_at"),
                        "the customer's data keys (and its visits') are deleted: "
                                + "every sealed copy in topics, bronze, quarantine, old snapshots and backups stops opening"),
                layer("silver", r.get("silver_erased_at"), "rows deleted; order facts kept without the customer"),
                layer("gold", r.get("gold_erased_at"), "live sessions deleted"),
                layer("warehouse", r.get("warehouse_erased_at"), "the dbt tables' rows, by the same rule"),
                layer("snapshots", r.get("snapshots_expired_at"), "no retained snapshot predates the deletes"));
        boolean done = layers.stream().allMatch(l -> l.at() != null);
        return new Report(
                (String) r.get("request_id"),
                (String) r.get("customer_id"),
                instant(r.get("requested_at")),
                (String) r.get("channel"),
                (String) r.get("arrived"),
                done ? "complete" : "in progress",
                layers);
    }

    private static Layer layer(String name, Object at, String how) {
        Instant i = instant(at);
        return new Layer(name, i == null ? "pending" : "done", i, how);
    }

    private static Instant instant(Object v) {
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        return v instanceof Instant i ? i : null;
    }
}
