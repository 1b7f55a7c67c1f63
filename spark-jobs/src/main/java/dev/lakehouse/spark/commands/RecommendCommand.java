package dev.lakehouse.spark.commands;

import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.spark.catalog.CatalogPreflight;
import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.recommend.RecommendJob;
import dev.lakehouse.spark.streaming.SparkSessions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** The {@code recommend} sub-command: one training run, meant for a scheduler (Dagster runs it). */
@Command(
        name = "recommend",
        mixinStandardHelpOptions = true,
        description = "Train the recommender on silver's views, carts and orders (item-to-item), grade it on a time "
                + "split beside a popularity baseline (precision@10, recall@10), then replace the served lists in "
                + "ml.recommendations and ml.popular_products and record the version in ml.models; safe while the "
                + "streams run.")
public final class RecommendCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LakehouseConfig config = options.load();
        CatalogPreflight.check(config);
        SparkSession spark = SparkSessions.create(config, "lakehouse-recommend");
        TableDefinitions.apply(spark, LakeTables.all());
        RecommendJob.Result result = new RecommendJob(spark, config).run();
        PrintWriter out = spec.commandLine().getOut();
        RecommendJob.report(result).forEach(out::println);
        out.flush();
        return 0;
    }
}
