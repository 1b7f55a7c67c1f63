package dev.lakehouse.spark.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.spark.support.Lakehouse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommender's grader on a small shop with known tastes, written straight into silver (no Kafka, ~40 s): 300
 * shoppers with two favourite categories of sixteen, 10 days of views, carts and orders. The model must beat the
 * popularity baseline's precision@10 at least twofold on the time split; the run must record its version with the
 * snapshot ids it read, serve a top-10 list per shopper and the popular list, and leave out a shopper who asked to be
 * erased, and lose the list of one who asks after it at the next erasure pass. (The simulation's own figures, through the whole pipeline: bench/recommendations/run.sh.)
 */
class RecommendJobTest {
    static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    static final int CATEGORIES = 16;
    static final int PRODUCTS = 200;
    static final int CUSTOMERS = 300;
    static final int DAYS = 10;

    @TempDir
    Path dir;

    @Test
    void itBeatsPopularityTwofoldAndPublishesAVersionWithItsSnapshots() throws Exception {
        Lakehouse lake = new Lakehouse(dir.resolve("data"), "recs", Map.of());
        writeShop(lake);
        long itemsSnapshot = Spark3Util.loadIcebergTable(lake.spark, "lake." + LakeTables.SILVER_ORDER_ITEMS)
                .currentSnapshot()
                .snapshotId();

        RecommendJob.Result result = new RecommendJob(lake.spark, lake.config).run();
        RecommendJob.report(result).forEach(System.out::println);

        assertThat(result.model().customers()).as("shoppers graded").isGreaterThan(100);
        assertThat(result.baseline().precision())
                .as("popularity's precision@10")
                .isGreaterThan(0);
        assertThat(result.model().precision())
                .as("model precision@10 against twice popularity's")
                .isGreaterThanOrEqualTo(2 * result.baseline().precision());
        assertThat(result.model().recall()).isGreaterThan(result.baseline().recall());

        Row model = lake.table(LakeTables.ML_MODELS).first();
        assertThat(model.<String>getAs("model_version")).isEqualTo(result.version());
        assertThat(model.<String>getAs("source_snapshots"))
                .contains("\"" + LakeTables.SILVER_ORDER_ITEMS + "\": " + itemsSnapshot);
        assertThat(model.<Double>getAs("precision_at_10"))
                .isEqualTo(result.model().precision());
        assertThat(model.<Double>getAs("baseline_precision_at_10"))
                .isEqualTo(result.baseline().precision());

        List<String> perCustomer = lake.strings("SELECT concat(count(*), ':', min(rank), '-', max(rank), ':', "
                + "count(DISTINCT product_id)) FROM lake." + LakeTables.ML_RECOMMENDATIONS + " GROUP BY customer_id");
        assertThat(perCustomer).hasSizeGreaterThan(CUSTOMERS - 10).containsOnly("10:1-10:10");
        assertThat(lake.strings("SELECT count(*) FROM lake." + LakeTables.ML_RECOMMENDATIONS
                        + " WHERE customer_id = 'c-0' OR product_name IS NULL OR model_version <> '" + result.version()
                        + "'"))
                .as("rows of the erased shopper c-0, or without a name, or of another version")
                .containsExactly("0");
        assertThat(lake.strings("SELECT count(*) FROM lake." + LakeTables.ML_POPULAR_PRODUCTS))
                .containsExactly("10");

        // A shopper who asks to be erased after the run loses their list at the next erasure pass (ml is scanned as a
        // namespace with a customer_id column, docs/privacy.md).
        assertThat(lake.strings(
                        "SELECT count(*) FROM lake." + LakeTables.ML_RECOMMENDATIONS + " WHERE customer_id = 'c-1'"))
                .containsExactly("10");
        insert(
                lake,
                LakeTables.SILVER_CUSTOMERS,
                "event_id, event_time, event_type, customer_id, erasure_request_id",
                List.of(RowFactory.create(
                        "e-1", ts(FROM.plusSeconds(DAYS * 86_400L)), "ErasureRequested", "c-1", "er-1")));
        new dev.lakehouse.spark.privacy.ErasureJob(
                        lake.spark, dev.lakehouse.contracts.privacy.DataKeys.open(lake.config.subjectKeys()))
                .run();
        assertThat(lake.strings(
                        "SELECT count(*) FROM lake." + LakeTables.ML_RECOMMENDATIONS + " WHERE customer_id = 'c-1'"))
                .as("the erased shopper's list")
                .containsExactly("0");
    }

    /**
     * The shop: product p is in category p % 16; popularity follows the simulation's skew (index n x u^2). Each day a
     * shopper views 4 products, 90 % of them in their favourites (70 % the first), carts half of them and orders
     * half of the carts. Shopper c-0 asked to be erased.
     */
    static void writeShop(Lakehouse lake) {
        SplittableRandom random = new SplittableRandom(11);
        List<Row> clicks = new ArrayList<>();
        List<Row> lines = new ArrayList<>();
        List<Row> catalog = new ArrayList<>();
        for (int p = 0; p < PRODUCTS; p++) {
            catalog.add(RowFactory.create(
                    "pc-" + p, ts(FROM), "ProductCreated", "p-" + p, "Product " + p, "cat-" + p % CATEGORIES));
        }
        int event = 0;
        for (int c = 0; c < CUSTOMERS; c++) {
            int first = random.nextInt(CATEGORIES);
            int second = (first + 1 + random.nextInt(CATEGORIES - 1)) % CATEGORIES;
            for (int day = 0; day < DAYS; day++) {
                for (int v = 0; v < 4; v++) {
                    Instant at = FROM.plusSeconds(day * 86_400L + random.nextInt(86_400));
                    int product;
                    double u = random.nextDouble();
                    if (random.nextDouble() < 0.9) {
                        int category = random.nextDouble() < 0.7 ? first : second;
                        product = category + CATEGORIES * (int) (PRODUCTS / CATEGORIES * u * u);
                    } else {
                        product = (int) (PRODUCTS * u * u);
                    }
                    String customer = "c-" + c;
                    clicks.add(RowFactory.create("v-" + event++, ts(at), "ProductViewed", customer, "p-" + product));
                    if (random.nextDouble() < 0.5) {
                        clicks.add(RowFactory.create(
                                "a-" + event++, ts(at.plusSeconds(30)), "CartItemAdded", customer, "p-" + product));
                        if (random.nextDouble() < 0.5) {
                            lines.add(RowFactory.create(
                                    "o-" + event++, ts(at.plusSeconds(90)), customer, "p-" + product));
                        }
                    }
                }
            }
        }
        insert(
                lake,
                LakeTables.SILVER_CATALOG,
                "event_id, event_time, event_type, product_id, name, category",
                catalog);
        insert(
                lake,
                LakeTables.SILVER_CLICKSTREAM,
                "event_id, event_time, event_type, customer_id, product_id",
                clicks);
        insert(lake, LakeTables.SILVER_ORDER_ITEMS, "event_id, event_time, customer_id, product_id", lines);
        insert(
                lake,
                LakeTables.SILVER_CUSTOMERS,
                "event_id, event_time, event_type, customer_id, erasure_request_id",
                List.of(RowFactory.create("e-0", ts(FROM.plusSeconds(86_400)), "ErasureRequested", "c-0", "er-0")));
    }

    private static void insert(Lakehouse lake, String table, String columns, List<Row> rows) {
        StructType schema = new StructType();
        for (String column : columns.split(", ")) {
            schema = schema.add(column, column.equals("event_time") ? DataTypes.TimestampType : DataTypes.StringType);
        }
        lake.spark.createDataFrame(rows, schema).createOrReplaceTempView("shop_rows");
        List<String> given = List.of(columns.split(", "));
        List<String> all = new ArrayList<>();
        for (var field : lake.spark.table("lake." + table).schema().fields()) {
            all.add(
                    given.contains(field.name())
                            ? field.name()
                            : "CAST(NULL AS " + field.dataType().sql() + ") AS " + field.name());
        }
        lake.spark.sql("INSERT INTO lake." + table + " SELECT " + String.join(", ", all) + " FROM shop_rows");
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
