package dev.lakehouse.spark.silver;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.keys.PiiKeys;
import dev.lakehouse.spark.streaming.KafkaSource;
import dev.lakehouse.spark.streaming.Triggers;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The validated topics into silver: one query for all domains, so one trigger means one set of commits.
 */
public final class SilverStream {
    public static final String QUERY_NAME = "silver";

    private SilverStream() {}

    public static StreamingQuery start(SparkSession spark, LakehouseConfig config) throws TimeoutException {
        SilverBatchWriter writer = new SilverBatchWriter(
                config.registryApi(),
                config.get(LakehouseConfig.TOPIC_PREFIX),
                QUERY_NAME,
                PiiKeys.load(config),
                config.subjectKeys(),
                config.getDuration(LakehouseConfig.WATERMARK));
        return KafkaSource.read(spark, config, Domain.validTopics(config.get(LakehouseConfig.TOPIC_PREFIX)))
                .writeStream()
                .queryName(QUERY_NAME)
                .option("checkpointLocation", config.checkpointLocation(QUERY_NAME))
                .trigger(Triggers.of(config))
                .foreachBatch(writer)
                .start();
    }
}
