package dev.lakehouse.recommendations;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.lake.LakeCatalog;
import dev.lakehouse.lake.TableRows;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves spark-jobs' recommendations ({@code ml.recommendations}, {@code ml.popular_products}, {@code ml.models};
 * docs/recommendations.md) with a bounded latency: the newest version's lists are held in memory and an answer is a
 * lookup. Each answer checks the tables' snapshot ids (a catalog call); when a new version has been published it
 * is loaded in the background, and the answer waits for it at most {@code lakehouse.api.recommendations.timeout},
 * else comes from the lists already held (marked stale). A customer without a list (new, or too little history)
 * gets the popular list: the cold-start fallback.
 */
@ApplicationScoped
public class Recommendations {
    private static final Logger LOG = LoggerFactory.getLogger(Recommendations.class);

    static final TableIdentifier LISTS = TableIdentifier.parse(LakeTables.ML_RECOMMENDATIONS);
    static final TableIdentifier POPULAR = TableIdentifier.parse(LakeTables.ML_POPULAR_PRODUCTS);
    static final TableIdentifier MODELS = TableIdentifier.parse(LakeTables.ML_MODELS);

    /** One recommended product. */
    public record Item(int rank, String productId, String productName, String category, double score) {}

    /** How the served version was graded when it was trained (docs/recommendations.md). */
    public record ModelFigures(
            String modelVersion,
            Instant trainedAt,
            String algorithm,
            String params,
            String sourceSnapshots,
            Instant splitCutoff,
            long testCustomers,
            double precisionAt10,
            double recallAt10,
            double baselinePrecisionAt10,
            double baselineRecallAt10,
            Double liftOverBaseline,
            long customersScored,
            double trainingSeconds,
            double scoringSeconds) {}

    /**
     * An answer. {@code source}: {@code personal} (the customer's own list), {@code popular} (cold start: no list for
     * this customer) or {@code none} (no model trained yet). {@code stale}: a newer version exists but was not read
     * within the time limit.
     */
    public record Answer(
            String customerId,
            String source,
            String modelVersion,
            Instant generatedAt,
            boolean stale,
            List<Item> items) {}

    /** The model's figures and the popular list (what the dashboard shows before a customer is picked). */
    public record Overview(
            String modelVersion, Instant generatedAt, boolean stale, ModelFigures model, List<Item> popular) {}

    private final LakeCatalog lake;
    private final RecommendationsConfig config;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recommendations-loader");
        t.setDaemon(true);
        return t;
    });
    private volatile ServedModel served = ServedModel.NONE;
    private CompletableFuture<ServedModel> loading;

    Recommendations(LakeCatalog lake, RecommendationsConfig config) {
        this.lake = lake;
        this.config = config;
    }

    @PreDestroy
    void stop() {
        loader.shutdownNow();
    }

    public Answer forCustomer(String customerId) {
        Current c = current();
        List<Item> own = c.model().byCustomer().get(customerId);
        if (own != null) {
            return new Answer(
                    customerId, "personal", c.model().version(), c.model().generatedAt(), c.stale(), own);
        }
        String source = c.model().version() == null ? "none" : "popular";
        return new Answer(
                customerId,
                source,
                c.model().version(),
                c.model().generatedAt(),
                c.stale(),
                c.model().popular());
    }

    public Overview overview() {
        Current c = current();
        return new Overview(
                c.model().version(),
                c.model().generatedAt(),
                c.stale(),
                c.model().figures(),
                c.model().popular());
    }

    private record Current(ServedModel model, boolean stale) {}

    /** The newest published version, or the one held if reading the newer one takes longer than the limit. */
    private Current current() {
        String snapshots = snapshots();
        ServedModel held = served;
        if (snapshots.equals(held.snapshots())) {
            return new Current(held, false);
        }
        CompletableFuture<ServedModel> pending = load(snapshots);
        try {
            return new Current(pending.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS), false);
        } catch (TimeoutException e) {
            return new Current(held, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Current(held, true);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private synchronized CompletableFuture<ServedModel> load(String snapshots) {
        if (loading == null || (loading.isDone() && !snapshots.equals(served.snapshots()))) {
            loading = CompletableFuture.supplyAsync(() -> read(snapshots), loader)
                    .whenComplete((m, e) -> {
                        if (m != null) {
                            served = m;
                        }
                    });
        }
        return loading;
    }

    /** The lists' tables' snapshot ids now ("none" before the first training run). */
    private String snapshots() {
        return id(lake.load(LISTS)) + "/" + id(lake.load(POPULAR));
    }

    private static String id(Optional<Table> table) {
        Snapshot s = table.map(Table::currentSnapshot).orElse(null);
        return s == null ? "none" : String.valueOf(s.snapshotId());
    }

    private ServedModel read(String snapshots) {
        if (snapshots.equals("none/none")) {
            return ServedModel.NONE;
        }
        long start = System.nanoTime();
        Map<String, List<Item>> byCustomer = new HashMap<>();
        String version = null;
        Instant generatedAt = null;
        for (Map<String, Object> row : rows(LISTS)) {
            byCustomer
                    .computeIfAbsent((String) row.get("customer_id"), k -> new ArrayList<>())
                    .add(item(row));
            version = (String) row.get("model_version");
            generatedAt = (Instant) row.get("generated_at");
        }
        byCustomer.values().forEach(l -> l.sort(Comparator.comparingInt(Item::rank)));
        List<Item> popular = new ArrayList<>();
        for (Map<String, Object> row : rows(POPULAR)) {
            popular.add(item(row));
            version = version == null ? (String) row.get("model_version") : version;
            generatedAt = generatedAt == null ? (Instant) row.get("generated_at") : generatedAt;
        }
        popular.sort(Comparator.comparingInt(Item::rank));
        ModelFigures figures = version == null ? null : figures(version);
        LOG.info(
                "recommendations: loaded {} ({} customers' lists) in {} ms",
                version,
                byCustomer.size(),
                (System.nanoTime() - start) / 1_000_000);
        return new ServedModel(snapshots, version, generatedAt, Map.copyOf(byCustomer), List.copyOf(popular), figures);
    }

    private List<Map<String, Object>> rows(TableIdentifier id) {
        return lake.load(id)
                .map(t -> TableRows.read(t, Expressions.alwaysTrue()))
                .orElse(List.of());
    }

    private ModelFigures figures(String version) {
        return lake.load(MODELS)
                .flatMap(t -> TableRows.read(t, null, Expressions.equal("model_version", version), 1).stream()
                        .findFirst())
                .map(r -> {
                    double p = num(r, "precision_at_10");
                    double b = num(r, "baseline_precision_at_10");
                    return new ModelFigures(
                            version,
                            (Instant) r.get("trained_at"),
                            (String) r.get("algorithm"),
                            (String) r.get("params"),
                            (String) r.get("source_snapshots"),
                            (Instant) r.get("split_cutoff"),
                            count(r, "test_customers"),
                            p,
                            num(r, "recall_at_10"),
                            b,
                            num(r, "baseline_recall_at_10"),
                            b == 0 ? null : p / b,
                            count(r, "customers_scored"),
                            num(r, "training_seconds"),
                            num(r, "scoring_seconds"));
                })
                .orElse(null);
    }

    private static Item item(Map<String, Object> row) {
        return new Item(
                (Integer) row.get("rank"),
                (String) row.get("product_id"),
                (String) row.get("product_name"),
                (String) row.get("category"),
                num(row, "score"));
    }

    private static double num(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    private static long count(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
