package dev.lakehouse.spark.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One training run of the recommender (docs/recommendations.md): pins silver's snapshots, grades the model on a time
 * split beside a popularity baseline (both trained before the cutoff, both graded on the purchases after it, cold
 * shoppers getting the popular list from both), then trains the served version on everything and replaces the lists
 * in {@code ml.recommendations} and {@code ml.popular_products}, appending the version, its settings, figures and
 * snapshot ids to {@code ml.models}.
 */
public final class RecommendJob {
    /** The k of precision@k and recall@k: what the dashboard and the API show. */
    public static final int K = 10;

    private static final String L = CatalogSettings.CATALOG_NAME + ".";
    private static final String P = "recommend_";
    private static final DateTimeFormatter VERSION =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What one run found and wrote. */
    public record Result(
            String version,
            Instant cutoff,
            RankingMetrics model,
            RankingMetrics baseline,
            long trainInteractions,
            long customersScored,
            double trainingSeconds,
            double scoringSeconds,
            String snapshots) {

        public double lift() {
            return baseline.precision() == 0 ? Double.NaN : model.precision() / baseline.precision();
        }
    }

    private final SparkSession spark;
    private final ItemToItem.Params params;
    private final double holdoutShare;
    private final int topN;

    public RecommendJob(SparkSession spark, LakehouseConfig config) {
        this.spark = spark;
        this.params = new ItemToItem.Params(
                config.getInt(LakehouseConfig.RECOMMEND_NEIGHBOURS),
                config.getInt(LakehouseConfig.RECOMMEND_MAX_ITEMS),
                share(config, LakehouseConfig.RECOMMEND_OWN_WEIGHT, 0, 100));
        this.holdoutShare = share(config, LakehouseConfig.RECOMMEND_HOLDOUT, 0.01, 0.9);
        this.topN = config.getInt(LakehouseConfig.RECOMMEND_TOP_N);
        if (topN < K) {
            throw new ConfigException(LakehouseConfig.RECOMMEND_TOP_N + " must be at least " + K);
        }
    }

    private static double share(LakehouseConfig config, String key, double min, double max) {
        String v = config.get(key);
        try {
            double d = Double.parseDouble(v);
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("'" + key + "' must be a number from " + min + " to " + max + ", got '" + v + "'");
    }

    public Result run() {
        Instant trainedAt = Instant.now();
        String version = "item2item-" + VERSION.format(trainedAt);
        TrainingData data = TrainingData.pin(spark);
        Dataset<Row> interactions = data.interactions().cache();
        Row span = interactions.selectExpr("min(event_time)", "max(event_time)").first();
        if (span.isNullAt(0)) {
            throw new ConfigException(
                    "nothing to learn from: silver holds no views, carts or orders of signed-in " + "customers yet");
        }
        Instant first = span.getTimestamp(0).toInstant();
        Instant last = span.getTimestamp(1).toInstant();
        Instant cutoff = last.minus(Duration.between(first, last)
                .multipliedBy(Math.round(holdoutShare * 1000))
                .dividedBy(1000));
        Timestamp cut = Timestamp.from(cutoff);

        // Graded: both trained before the cutoff, both judged on what was bought after it.
        Dataset<Row> before = interactions.filter(col("event_time").lt(cut));
        Dataset<Row> popularBefore =
                popular(data.purchases().filter(col("event_time").lt(cut)), K);
        Dataset<Row> bought = data.purchases()
                .filter(col("event_time").geq(cut))
                .select("customer_id", "product_id")
                .distinct()
                .cache();
        Dataset<Row> listsBefore = new ItemToItem(spark, params, P + "eval_").recommend(before, popularBefore, K);
        Dataset<Row> graded = bought.select("customer_id").distinct();
        Dataset<Row> popularForAll =
                graded.crossJoin(popularBefore.select("product_id")).select("customer_id", "product_id");
        Dataset<Row> modelLists = listsBefore.select("customer_id", "product_id");
        // Cold shoppers (nothing before the cutoff) get the popular list from the model too, as the API serves it.
        Dataset<Row> coldLists = popularForAll.join(
                listsBefore.select("customer_id").distinct(),
                popularForAll.col("customer_id").equalTo(listsBefore.col("customer_id")),
                "left_anti");
        RankingMetrics model = RankingMetrics.of(spark, modelLists.unionByName(coldLists), bought, K, P + "m_");
        RankingMetrics baseline = RankingMetrics.of(spark, popularForAll, bought, K, P + "b_");

        // Served: trained on everything.
        long start = System.nanoTime();
        Dataset<Row> popular = popular(data.purchases(), topN).cache();
        ItemToItem served = new ItemToItem(spark, params, P + "serve_");
        Dataset<Row> lists = served.recommend(interactions, popular, topN);
        Dataset<Row> products = data.products().cache();
        Timestamp generated = Timestamp.from(trainedAt);
        Dataset<Row> named = lists.join(products, lists.col("product_id").equalTo(products.col("product_id")), "left")
                .select(
                        lists.col("customer_id"),
                        lists.col("rank"),
                        lists.col("product_id"),
                        products.col("product_name"),
                        products.col("category"),
                        lists.col("score"),
                        lit(version).as("model_version"),
                        lit(generated).as("generated_at"));
        try {
            named.writeTo(L + LakeTables.ML_RECOMMENDATIONS).overwrite(lit(true));
            popular.join(products, popular.col("product_id").equalTo(products.col("product_id")), "left")
                    .select(
                            popular.col("rank"),
                            popular.col("product_id"),
                            products.col("product_name"),
                            products.col("category"),
                            popular.col("score"),
                            lit(version).as("model_version"),
                            lit(generated).as("generated_at"))
                    .writeTo(L + LakeTables.ML_POPULAR_PRODUCTS)
                    .overwrite(lit(true));
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(e);
        }
        double total = (System.nanoTime() - start) / 1e9;
        long scored = spark.table(L + LakeTables.ML_RECOMMENDATIONS)
                .select("customer_id")
                .distinct()
                .count();
        long trainPairs =
                interactions.select("customer_id", "product_id").distinct().count();
        Result result = new Result(
                version,
                cutoff,
                model,
                baseline,
                trainPairs,
                scored,
                served.fitSeconds(),
                total - served.fitSeconds(),
                data.snapshotsJson());
        writeModel(result, trainedAt);
        interactions.unpersist();
        bought.unpersist();
        return result;
    }

    /** The k products bought by the most customers (ties: by id), ranked: rank, product_id, score. */
    private Dataset<Row> popular(Dataset<Row> purchases, int k) {
        purchases.createOrReplaceTempView(P + "purchases");
        return spark.sql("SELECT CAST(rank AS INT) AS rank, product_id, score FROM (SELECT product_id, "
                + "CAST(count(DISTINCT customer_id) AS DOUBLE) AS score, row_number() OVER (ORDER BY "
                + "count(DISTINCT customer_id) DESC, product_id) AS rank FROM " + P + "purchases GROUP BY product_id)"
                + " WHERE rank <= " + k);
    }

    private void writeModel(Result r, Instant trainedAt) {
        StructType schema = spark.table(L + LakeTables.ML_MODELS).schema();
        Row row = RowFactory.create(
                r.version(),
                Timestamp.from(trainedAt),
                "item-to-item cosine, implicit feedback",
                params.json().replace("}}", "}, \"holdout_share\": " + holdoutShare + ", \"top_n\": " + topN + "}"),
                r.snapshots(),
                Timestamp.from(r.cutoff()),
                r.trainInteractions(),
                r.customersScored(),
                r.model().customers(),
                r.model().precision(),
                r.model().recall(),
                r.baseline().precision(),
                r.baseline().recall(),
                r.trainingSeconds(),
                r.scoringSeconds());
        try {
            spark.createDataFrame(List.of(row), schema)
                    .writeTo(L + LakeTables.ML_MODELS)
                    .append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines the command prints. */
    public static List<String> report(Result r) {
        return List.of(
                "model version:  " + r.version(),
                "source snapshots: " + r.snapshots(),
                "time split at:  " + r.cutoff() + " (" + r.model().customers() + " customers bought after it)",
                String.format(
                        "precision@%d:   model %.4f, popularity %.4f (x%.2f)",
                        K, r.model().precision(), r.baseline().precision(), r.lift()),
                String.format(
                        "recall@%d:      model %.4f, popularity %.4f",
                        K, r.model().recall(), r.baseline().recall()),
                String.format(
                        "served:         %d customers' lists from %d customer-product pairs; training %.1f s, "
                                + "scoring %.1f s",
                        r.customersScored(), r.trainInteractions(), r.trainingSeconds(), r.scoringSeconds()));
    }
}
