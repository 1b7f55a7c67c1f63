package dev.lakehouse.spark.recommend;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Item-to-item collaborative filtering on implicit feedback: {@code j} is a neighbour of {@code i} when the shoppers
 * who look at, put in the cart and buy {@code i} also do {@code j}; a shopper is recommended the neighbours of what
 * they have shown interest in, weighted by that interest. Why this model and not ALS: docs/recommendations.md.
 *
 * <p>The similarity is the dot product of the two products' customer vectors divided by the norm of {@code i} only
 * (a conditional share, like "bought i, also bought j"), not the cosine: dividing by {@code j}'s norm too favours
 * rarely seen products that met {@code i} once, and graded worse than popularity on the simulation.
 *
 * <p>A shopper's preference for a product is {@code ln(1 + sum of weights)} (views 1, carts 3, order lines 5), so a
 * product looked at fifty times does not drown all others. Pairs are formed within each shopper's
 * {@code maxItemsPerCustomer} strongest products (bounds the self-join), and each product keeps its
 * {@code neighbours} most similar ones. The shopper's own products score too ({@code ownWeight}): shoppers come back
 * to buy what they looked at.
 */
public final class ItemToItem {
    /** What it was trained with; stored as the model version's params. */
    public record Params(int neighbours, int maxItemsPerCustomer, double ownWeight) {
        public String json() {
            return "{\"neighbours\": " + neighbours + ", \"max_items_per_customer\": " + maxItemsPerCustomer
                    + ", \"own_weight\": " + ownWeight + ", \"weights\": {\"view\": " + TrainingData.VIEW
                    + ", \"cart\": " + TrainingData.CART + ", \"order\": " + TrainingData.ORDER + "}}";
        }
    }

    private final SparkSession spark;
    private final Params params;
    private final String prefix;
    private double fitSeconds;

    public ItemToItem(SparkSession spark, Params params, String viewPrefix) {
        this.spark = spark;
        this.params = params;
        this.prefix = viewPrefix;
    }

    /** Seconds the last {@link #recommend} spent computing the similarities (the rest is scoring). */
    public double fitSeconds() {
        return fitSeconds;
    }

    /**
     * Fits on these interactions (customer_id, product_id, weight), and returns every known customer's top
     * {@code k} (customer_id, rank, product_id, score), filled up from {@code popular} (product_id, score, ranked)
     * when a shopper's neighbourhood offers fewer than k products.
     */
    public Dataset<Row> recommend(Dataset<Row> interactions, Dataset<Row> popular, int k) {
        interactions.createOrReplaceTempView(prefix + "interactions");
        popular.createOrReplaceTempView(prefix + "popular");
        Dataset<Row> prefs = spark.sql("SELECT customer_id, product_id, ln(1 + sum(weight)) AS r FROM " + prefix
                + "interactions GROUP BY customer_id, product_id");
        prefs.cache().createOrReplaceTempView(prefix + "prefs");
        spark.sql("SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY r DESC, product_id) "
                        + "AS n FROM " + prefix + "prefs) WHERE n <= " + params.maxItemsPerCustomer())
                .createOrReplaceTempView(prefix + "strongest");
        spark.sql("SELECT product_id, sqrt(sum(r * r)) AS norm FROM " + prefix + "prefs GROUP BY product_id")
                .createOrReplaceTempView(prefix + "norms");
        Dataset<Row> neighbours = spark.sql("SELECT i, j, sim FROM (SELECT i, j, sim, row_number() OVER (PARTITION BY"
                + " i ORDER BY sim DESC, j) AS n FROM (SELECT d.i, d.j, d.dot / ni.norm AS sim FROM ("
                + "SELECT a.product_id AS i, b.product_id AS j, sum(a.r * b.r) AS dot FROM " + prefix + "strongest a"
                + " JOIN " + prefix + "strongest b ON a.customer_id = b.customer_id AND a.product_id <> b.product_id"
                + " GROUP BY a.product_id, b.product_id) d JOIN " + prefix
                + "norms ni ON ni.product_id = d.i)) WHERE n <= " + params.neighbours());
        neighbours.cache().createOrReplaceTempView(prefix + "neighbours");
        long start = System.nanoTime();
        neighbours.count(); // the fit itself: the similarities, computed once and kept
        fitSeconds = (System.nanoTime() - start) / 1e9;
        Dataset<Row> scored = spark.sql("SELECT customer_id, product_id, sum(s) AS score FROM ("
                + "SELECT p.customer_id, n.j AS product_id, p.r * n.sim AS s FROM " + prefix + "prefs p JOIN "
                + prefix + "neighbours n ON n.i = p.product_id "
                + "UNION ALL SELECT customer_id, product_id, r * " + params.ownWeight() + " AS s FROM " + prefix
                + "prefs) GROUP BY customer_id, product_id");
        scored.createOrReplaceTempView(prefix + "scored");
        // Popular products below every scored one (scores are > 0), in their own order: the fill-up.
        return spark.sql("SELECT customer_id, CAST(rank AS INT) AS rank, product_id, score FROM (SELECT customer_id,"
                + " product_id, score, row_number() OVER (PARTITION BY customer_id ORDER BY score DESC, product_id)"
                + " AS rank FROM (SELECT customer_id, product_id, max(score) AS score FROM (SELECT * FROM " + prefix
                + "scored UNION ALL SELECT c.customer_id, p.product_id, -p.rank AS score FROM (SELECT DISTINCT "
                + "customer_id FROM " + prefix + "prefs) c CROSS JOIN " + prefix + "popular p) GROUP BY customer_id,"
                + " product_id)) WHERE rank <= " + k);
    }
}
