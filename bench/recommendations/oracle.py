"""The ceiling a taste-only recommender can reach on the simulation, for bench/recommendations/run.sh.

Reads the model version spark-jobs' recommend just recorded (ml.models: its time split), the lake's order lines and
the simulation's truth (summary.json: every shopper's two favourite categories), and grades, on the same split and
the same shoppers, an oracle that knows the truth: the 7 products of the first favourite category and the 3 of the
second that most customers bought before the cutoff. Prints one JSON object: the oracle's precision@10 and
recall@10 and the model's and popularity's from ml.models.

Usage: python oracle.py DATA_DIR LEDGER_DIR   (PySpark and spark_env.sh's environment, as the Dagster venv has)
"""
import json
import os
import sys

from pyspark.sql import SparkSession


def session(data_dir: str) -> SparkSession:
    builder = SparkSession.builder.master("local[2]")
    conf = {
        "spark.driver.memory": "2g",
        "spark.driver.extraClassPath": os.environ["LAKEHOUSE_SPARK_EXTRA_CP"],
        "spark.driver.extraJavaOptions": os.environ["LAKEHOUSE_SPARK_JVM_FLAGS"],
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        "spark.sql.catalog.lake": "org.apache.iceberg.spark.SparkCatalog",
        "spark.sql.catalog.lake.catalog-impl": "dev.lakehouse.spark.catalog.LakeJdbcCatalog",
        "spark.sql.catalog.lake.uri": f"jdbc:sqlite:{data_dir}/catalog.db?journal_mode=WAL&busy_timeout=30000",
        "spark.sql.catalog.lake.warehouse": f"file:{data_dir}/warehouse/",
        "spark.sql.catalog.lake.jdbc.schema-version": "V1",
    }
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def main() -> None:
    data_dir, ledger = sys.argv[1], sys.argv[2]
    spark = session(data_dir)
    spark.sparkContext.setLogLevel("ERROR")
    model = spark.sql("SELECT * FROM lake.ml.models ORDER BY trained_at DESC LIMIT 1").first()
    with open(os.path.join(ledger, "summary.json")) as f:
        truth = json.load(f)["tastes"]["favourite_categories"]
    spark.createDataFrame([(c, v[0], v[1]) for c, v in truth.items()], ["customer_id", "fav1", "fav2"]) \
        .createOrReplaceTempView("truth")
    snapshot = json.loads(model.source_snapshots)["silver.order_items"]
    spark.read.option("snapshot-id", snapshot).table("lake.silver.order_items") \
        .where("customer_id IS NOT NULL").createOrReplaceTempView("items")
    spark.sql("SELECT product_id, max_by(category, event_time) AS category FROM lake.silver.catalog "
              "WHERE event_type = 'ProductCreated' GROUP BY product_id").createOrReplaceTempView("catalog")
    cut = model.split_cutoff.isoformat(sep=" ")
    spark.sql(f"SELECT DISTINCT customer_id, product_id FROM items WHERE event_time >= '{cut}'") \
        .createOrReplaceTempView("bought")
    spark.sql("SELECT c.category, p.product_id, row_number() OVER (PARTITION BY c.category ORDER BY p.n DESC, "
              "p.product_id) AS rank FROM (SELECT product_id, count(DISTINCT customer_id) AS n FROM items "
              f"WHERE event_time < '{cut}' GROUP BY product_id) p JOIN catalog c USING (product_id)") \
        .createOrReplaceTempView("ranked")
    spark.sql("SELECT t.customer_id, r.product_id FROM (SELECT DISTINCT customer_id FROM bought) b "
              "JOIN truth t USING (customer_id) JOIN ranked r ON (r.category = t.fav1 AND r.rank <= 7) "
              "OR (r.category = t.fav2 AND r.rank <= 3)").createOrReplaceTempView("lists")
    graded = spark.sql("SELECT avg(CAST(hits AS DOUBLE) / 10) AS p, avg(CAST(hits AS DOUBLE) / n) AS r, "
                       "count(*) AS customers FROM (SELECT b.customer_id, count(*) AS n, count(l.product_id) AS hits "
                       "FROM bought b LEFT JOIN lists l ON l.customer_id = b.customer_id AND "
                       "l.product_id = b.product_id GROUP BY b.customer_id)").first()
    print(json.dumps({
        "model_version": model.model_version,
        "split_cutoff": model.split_cutoff.isoformat() + "Z",
        "source_snapshots": json.loads(model.source_snapshots),
        "test_customers": model.test_customers,
        "oracle_graded_customers": graded.customers,
        "model_precision_at_10": model.precision_at_10,
        "model_recall_at_10": model.recall_at_10,
        "popularity_precision_at_10": model.baseline_precision_at_10,
        "popularity_recall_at_10": model.baseline_recall_at_10,
        "oracle_precision_at_10": graded.p,
        "oracle_recall_at_10": graded.r,
        "customers_scored": model.customers_scored,
        "train_interactions": model.train_interactions,
        "training_seconds": model.training_seconds,
        "scoring_seconds": model.scoring_seconds,
    }))


if __name__ == "__main__":
    main()
