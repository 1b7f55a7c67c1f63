package dev.lakehouse.spark.bronze;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.streaming.KafkaSource;
import dev.lakehouse.spark.streaming.Triggers;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/** The raw topics of all domains into bronze: the replayable record of what arrived. */
public final class BronzeStream {
    public static final String QUERY_NAME = "bronze";

    private BronzeStream() {}

    public static StreamingQuery start(SparkSession spark, LakehouseConfig config) throws TimeoutException {
        return KafkaSource.read(spark, config, Domain.rawTopics(config.get(LakehouseConfig.TOPIC_PREFIX)))
                .writeStream()
                .queryName(QUERY_NAME)
                .option("checkpointLocation", config.checkpointLocation(QUERY_NAME))
                .trigger(Triggers.of(config))
                .foreachBatch(new BronzeBatchWriter(
                        config.registryApi(), config.get(LakehouseConfig.TOPIC_PREFIX), QUERY_NAME))
                .start();
    }
}
