package dev.lakehouse.spark.recommend;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Precision@k and recall@k of top-k lists against what each shopper bought next, averaged over the shoppers who
 * bought anything after the split (each counts once, whatever their number of purchases). Precision divides the
 * hits by k (a list shorter than k is not rewarded), recall by the distinct products the shopper bought.
 */
public record RankingMetrics(double precision, double recall, long customers) {

    /** {@code lists}: customer_id, product_id (rank at most k); {@code bought}: distinct customer_id, product_id. */
    static RankingMetrics of(SparkSession spark, Dataset<Row> lists, Dataset<Row> bought, int k, String prefix) {
        lists.createOrReplaceTempView(prefix + "lists");
        bought.createOrReplaceTempView(prefix + "bought");
        Row r = spark.sql("SELECT avg(CAST(hits AS DOUBLE) / " + k
                        + "), avg(CAST(hits AS DOUBLE) / n), count(*) FROM (SELECT b.customer_id, "
                        + "count(*) AS n, count(l.product_id) AS hits FROM " + prefix + "bought b LEFT JOIN " + prefix
                        + "lists l ON l.customer_id = b.customer_id AND l.product_id = b.product_id GROUP BY "
                        + "b.customer_id)")
                .first();
        return r.isNullAt(0)
                ? new RankingMetrics(0, 0, 0)
                : new RankingMetrics(r.getDouble(0), r.getDouble(1), r.getLong(2));
    }
}
