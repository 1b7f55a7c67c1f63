package dev.lakehouse.contracts.lake;

import java.util.List;
import java.util.stream.Stream;

/**
 * Every table of the lake, in one place for both programs (the Spark jobs create and write them, the app's API
 * reads them, lake-contract.json publishes them to dbt and Dagster): bronze (what arrived), silver (typed, deduplicated, PII-protected),
 * gold (live KPIs). Retention is per layer through {@code history.expire.*}, which the maintenance job reads.
 */
public final class LakeTables {
    /** The catalog namespaces, one per layer (the part of a table name before the dot). */
    public static final String BRONZE = "bronze";

    public static final String SILVER = "silver";
    public static final String GOLD = "gold";
    public static final List<String> NAMESPACES = List.of(BRONZE, SILVER, GOLD);
    /**
     * The audit trail's namespace: not a layer of the data flow (spark-jobs neither creates nor maintains it, dbt and
     * Dagster do not read it, the API refuses it to every role); the app creates and appends its table.
     */
    public static final String AUDIT = "audit";
    /**
     * Erasure's own records (spark-jobs' {@code erase} writes them, the privacy endpoint reads them): which request
     * reached which layer when. Not a layer of the data flow; the API shows it to the privacy role only.
     */
    public static final String PRIVACY = "privacy";
    /**
     * Trained models and what they serve (spark-jobs' {@code recommend} writes them, the API serves them;
     * docs/recommendations.md). Not a layer of the data flow: dbt and Dagster's assets do not read it.
     */
    public static final String ML = "ml";

    public static final String BRONZE_EVENTS = "bronze.events";
    public static final String QUARANTINE = "bronze.quarantine";
    public static final String SILVER_CLICKSTREAM = "silver.clickstream";
    public static final String SILVER_ORDERS = "silver.orders";
    public static final String SILVER_ORDER_ITEMS = "silver.order_items";
    public static final String SILVER_INVENTORY = "silver.inventory";
    public static final String SILVER_CUSTOMERS = "silver.customers";
    public static final String SILVER_CATALOG = "silver.catalog";
    public static final String LATE_EVENTS = "silver.late_events";
    public static final String GOLD_REVENUE = "gold.revenue_per_minute";
    public static final String GOLD_FUNNEL = "gold.funnel_5m";
    public static final String GOLD_TOP_PRODUCTS = "gold.top_products_hourly";
    public static final String GOLD_STOCK = "gold.stock_current";
    public static final String GOLD_SESSIONS = "gold.active_sessions";
    public static final String AUDIT_API_EVENTS = "audit.api_events";
    public static final String PRIVACY_ERASURES = "privacy.erasures";
    public static final String ML_MODELS = "ml.models";
    public static final String ML_RECOMMENDATIONS = "ml.recommendations";
    public static final String ML_POPULAR_PRODUCTS = "ml.popular_products";

    private static final String DAY_MS = "86400000";

    private LakeTables() {}

    public static List<TableSpec> all() {
        return Stream.of(bronze(), silver(), gold(), privacy(), ml())
                .flatMap(List::stream)
                .toList();
    }

    /** One row per erasure request, rewritten by every erase run (docs/privacy.md). */
    public static List<TableSpec> privacy() {
        TableSpec erasures = base(PRIVACY_ERASURES, String.valueOf(7 * 86_400_000L), 20)
                .col("request_id", "STRING", "the ErasureRequested event's request_id")
                .col("customer_id", "STRING")
                .col("requested_at", "TIMESTAMP", "the request's event time")
                .col("channel", "STRING", "web, email, support, privacy-api ...")
                .col("arrived", "STRING", "on-time (silver.customers) or late (silver.late_events)")
                .col("subjects_shredded", "INT", "data keys deleted: the customer's and its visits' ones")
                .col("keys_shredded_at", "TIMESTAMP", "from then on no copy of a sealed value opens")
                .col("silver_erased_at", "TIMESTAMP", "rows deleted, order facts anonymized")
                .col("gold_erased_at", "TIMESTAMP")
                .col("warehouse_erased_at", "TIMESTAMP", "the dbt namespaces' tables")
                .col("snapshots_expired_at", "TIMESTAMP", "no retained snapshot of a changed table predates it")
                .col("changed_tables", "STRING", "tables the erasing pass changed, whose old snapshots must expire")
                .col("updated_at", "TIMESTAMP")
                .build();
        return List.of(erasures);
    }

    /**
     * The recommender's tables (docs/recommendations.md): one row per trained version in {@code ml.models}, kept;
     * the newest version's lists in the other two, replaced by every training run (their history is the tables'
     * snapshots). {@code ml.recommendations} names customers: erasure deletes their rows there too.
     */
    public static List<TableSpec> ml() {
        TableSpec models = base(ML_MODELS, String.valueOf(7 * 86_400_000L), 20)
                .col("model_version", "STRING", "item2item-<trained_at as yyyyMMddTHHmmssZ>")
                .col("trained_at", "TIMESTAMP")
                .col("algorithm", "STRING", "item-to-item cosine over implicit feedback")
                .col("params", "STRING", "the settings it was trained with, a JSON object")
                .col("source_snapshots", "STRING", "snapshot id of each silver table read, a JSON object")
                .col("split_cutoff", "TIMESTAMP", "evaluation: trained before it, graded on the purchases after it")
                .col("train_interactions", "BIGINT", "customer-product pairs the served model was trained on")
                .col("customers_scored", "BIGINT", "customers with a list in ml.recommendations")
                .col("test_customers", "BIGINT", "customers who bought after the cutoff (the graded ones)")
                .col("precision_at_10", "DOUBLE")
                .col("recall_at_10", "DOUBLE")
                .col("baseline_precision_at_10", "DOUBLE", "the popularity baseline, same split, same customers")
                .col("baseline_recall_at_10", "DOUBLE")
                .col("training_seconds", "DOUBLE", "fitting the served model")
                .col("scoring_seconds", "DOUBLE", "top-N lists of every customer, written")
                .build();
        TableSpec recommendations = base(ML_RECOMMENDATIONS, String.valueOf(7 * 86_400_000L), 20)
                .col("customer_id", "STRING")
                .col("rank", "INT", "1 = best")
                .col("product_id", "STRING")
                .col("product_name", "STRING")
                .col("category", "STRING")
                .col("score", "DOUBLE")
                .col("model_version", "STRING")
                .col("generated_at", "TIMESTAMP")
                .writeOrder("customer_id", "rank")
                .build();
        TableSpec popular = base(ML_POPULAR_PRODUCTS, String.valueOf(7 * 86_400_000L), 20)
                .col("rank", "INT", "1 = bought by the most customers")
                .col("product_id", "STRING")
                .col("product_name", "STRING")
                .col("category", "STRING")
                .col("score", "DOUBLE", "customers who bought it")
                .col("model_version", "STRING")
                .col("generated_at", "TIMESTAMP")
                .build();
        return List.of(models, recommendations, popular);
    }

    /** The audit trail's tables, outside {@link #all()}: the app writes them, not spark-jobs. */
    public static List<TableSpec> audit() {
        // Snapshots, not rows, expire: an audit row is never deleted by the platform (docs/security.md).
        TableSpec events = base(AUDIT_API_EVENTS, String.valueOf(7 * 86_400_000L), 100)
                .col("event_id", "STRING", "unique per audited call")
                .col("event_time", "TIMESTAMP", "when the answer was given")
                .col("subject", "STRING", "the token's sub; null when no valid token was sent")
                .col("user_name", "STRING", "the token's preferred_username (or the principal's name)")
                .col("roles", "STRING", "the token's roles, comma-separated, sorted")
                .col("action", "STRING", "READ_TABLE_ROWS, READ_TABLE_SNAPSHOTS, READ_KPI, GENERATOR_START ...")
                .col("resource", "STRING", "namespace.table read, or the generator / erasure request acted on")
                .col("parameters", "STRING", "the call's parameters as a JSON object (snapshot, asOf, limit ...)")
                .col("columns", "STRING", "the columns returned, comma-separated; null when none were")
                .col("outcome", "STRING", "ALLOWED, DENIED (401/403), INVALID (other 4xx) or ERROR (5xx)")
                .col("status", "INT", "the HTTP status answered")
                .col("row_count", "BIGINT", "rows (or snapshots) returned; null when the action returns none")
                .col("method", "STRING")
                .col("path", "STRING")
                .col("kafka_partition", "INT", "where the event is in the audit topic")
                .col("kafka_offset", "BIGINT")
                .col("ingest_time", "TIMESTAMP")
                .partitionBy("days(event_time)")
                .build();
        return List.of(events);
    }

    /** Properties every table shares; layers add their retention. */
    private static TableSpec.Builder base(String name, String maxSnapshotAgeMs, int minSnapshots) {
        return TableSpec.table(name)
                .property("format-version", "2")
                .property("write.format.default", "parquet")
                .property("write.parquet.compression-codec", "zstd")
                .property("write.target-file-size-bytes", String.valueOf(128L * 1024 * 1024))
                // Streams, compaction and expiry commit concurrently: retry instead of failing the loser.
                .property("commit.retry.num-retries", "20")
                .property("commit.retry.min-wait-ms", "100")
                .property("commit.retry.max-wait-ms", "5000")
                // Every micro-batch writes a metadata file; keep only recent ones.
                .property("write.metadata.delete-after-commit.enabled", "true")
                .property("write.metadata.previous-versions-max", "100")
                .property("history.expire.max-snapshot-age-ms", maxSnapshotAgeMs)
                .property("history.expire.min-snapshots-to-keep", String.valueOf(minSnapshots));
    }

    public static List<TableSpec> bronze() {
        // One table for all domains: one commit per trigger instead of five (small-file pressure, iceberg#1286),
        // one replayable log; typing per domain is silver's job and the payload stays as JSON + raw bytes.
        TableSpec events = base(BRONZE_EVENTS, String.valueOf(7 * 86_400_000L), 100)
                .col("domain", "STRING", "clickstream, orders, inventory, customers or catalog")
                .col("event_id", "STRING")
                .col("event_time", "TIMESTAMP")
                .col("event_type", "STRING", "the payload branch, e.g. OrderPlaced")
                .col("schema_version", "INT")
                .col("record_key", "STRING", "Kafka key: customer, visitor or product id")
                .col("payload_json", "STRING", "the decoded record under the current reader schema")
                .col("raw_value", "BINARY", "Kafka value as received (Confluent framing + Avro)")
                .col("schema_id", "INT", "registry content id of the writer schema")
                .col("topic", "STRING")
                .col("kafka_partition", "INT")
                .col("kafka_offset", "BIGINT")
                .col("kafka_timestamp", "TIMESTAMP")
                .col("ingest_time", "TIMESTAMP")
                .partitionBy("days(ingest_time)", "domain")
                // Bronze is write-heavy: no shuffle before the write; compaction sorts later.
                .property("write.distribution-mode", "none")
                // Min/max of whole payloads prune nothing but cost a byte-wise comparison per value (seen in profiles).
                .property("write.parquet.stats-enabled.column.payload_json", "false")
                .property("write.parquet.stats-enabled.column.raw_value", "false")
                .property("write.metadata.metrics.column.payload_json", "counts")
                .property("write.metadata.metrics.column.raw_value", "counts")
                .build();
        TableSpec quarantine = base(QUARANTINE, String.valueOf(30 * 86_400_000L), 20)
                .col("topic", "STRING")
                .col("kafka_partition", "INT")
                .col("kafka_offset", "BIGINT")
                .col("kafka_timestamp", "TIMESTAMP")
                .col("record_key", "STRING")
                .col("raw_value", "BINARY")
                .col("schema_id", "INT")
                .col("error", "STRING")
                .col("source_query", "STRING", "the stream that met the record: bronze or silver")
                .col("ingest_time", "TIMESTAMP")
                .col(
                        "reason_code",
                        "STRING",
                        "why: a RejectReason code (TRUNCATED, NOT_AVRO, ...); null on rows from before it")
                .partitionBy("days(ingest_time)")
                .property("write.distribution-mode", "none")
                .build();
        return List.of(events, quarantine);
    }

    private static TableSpec.Builder silverBase(String name) {
        return base(name, String.valueOf(3 * 86_400_000L), 50);
    }

    public static List<TableSpec> silver() {
        TableSpec clickstream = silverBase(SILVER_CLICKSTREAM)
                .col("event_id", "STRING")
                .col("event_time", "TIMESTAMP")
                .col("event_type", "STRING")
                .col("session_id", "STRING")
                .col("visitor_id", "STRING")
                .col("customer_id", "STRING")
                .col("device", "STRING")
                .col("user_agent", "STRING")
                .col("ip_hash", "STRING", "HMAC-SHA256 of the IP address, keyed (see docs)")
                .col("ip_prefix", "STRING", "IPv4 /24 or IPv6 /48 network, for geo lookups")
                .col("referrer", "STRING")
                .col("utm_source", "STRING")
                .col("utm_medium", "STRING")
                .col("utm_campaign", "STRING")
                .col("page_type", "STRING")
                .col("url", "STRING")
                .col("product_id", "STRING")
                .col("search_query", "STRING")
                .col("results_count", "INT")
                .col("cart_id", "STRING")
                .col("quantity", "INT")
                .col("item_count", "INT")
                .col("amount", "DECIMAL(12,2)", "price, unit price or cart value of the event")
                .col("currency", "STRING")
                .col("schema_version", "INT")
                .col("kafka_partition", "INT")
                .col("kafka_offset", "BIGINT")
                .col("ingest_time", "TIMESTAMP")
                .partitionBy("days(event_time)")
                .writeOrder("session_id", "event_time")
                .build();
        TableSpec orders = silverBase(SILVER_ORDERS)
                .col("event_id", "STRING")
                .col("event_time", "TIMESTAMP")
                .col("event_type", "STRING")
                .col("order_id", "STRING")
                .col("customer_id", "STRING")
                .col("session_id", "STRING")
                .col("line_count", "INT")
                .col("subtotal", "DECIMAL(12,2)")
                .col("shipping", "DECIMAL(12,2)")
                .col("tax", "DECIMAL(12,2)")
                .col("total", "DECIMAL(12,2)")
                .col("currency", "STRING")
                .col("shipping_country", "STRING")
                .col("payment_id", "STRING")
                .col("payment_method", "STRING")
                .col("amount", "DECIMAL(12,2)", "paid or refunded amount")
                .col("carrier", "STRING")
                .col("tracking_number", "STRING")
                .col("refund_id", "STRING")
                .col("reason", "STRING")
                .col("schema_version", "INT")
                .col("kafka_partition", "INT")
                .col("kafka_offset", "BIGINT")
                .col("ingest_time", "TIMESTAMP")
                .partitionBy("days(event_time)")
                .writeOrder("order_id", "event_time")
                .build();
        TableSpec items = silverBase(SILVER_ORDER_ITEMS)
                .col("event_id", "STRING", "the OrderPlaced event")
                .col("event_time", "TIMESTAMP")
                .col("order_id", "STRING")
                .col("customer_id", "STRING")
                .col("line_number", "INT")
                .col("product_id", "STRING")
                .col("quantity", "INT")
                .col("unit_price", "DECIMAL(12,2)")
                .col("line_total", "DECIMAL(12,2)")
                .col("currency", "STRING")
                .col("ingest_time", "TIMESTAMP")
                .partitionBy("days(event_time)")
                .writeOrder("product_id", "event_time")
                .build();
        TableSpec inventory = silverBase(SILVER_INVENTORY)
                .col("event_id", "STRING")
                .col("event_time", "TIMESTAMP")
                .col("event_type", "STRING")
                .col("product_id", "STRING")
                .col("warehouse_id", "STRING")
                .col("quantity_on_hand", "INT")
                .col("quantity", "INT", "reserved, released or restocked quantity")
                .col("quantity_delta", "INT", "signed change of an adjustment")
                .col("order_id", "STRING")
                .col("purchase_order_id", "STRING")
                .col("reason", "STRING")
                .col("schema_version", "INT")
                .col("kafka_partition", "INT")
                .col("kafka_offset", "BIGINT")
                .col("ingest_time", "TIMESTAMP")
                .partitionBy("days(event_time)")
                .writeOrder("product_id", "event_time")
                .build();
        TableSpec customers = silverBase(SILVER_CUSTOMERS)
                .col("event_id", "STRING")
                .col("event_time", "TIMESTAMP")
                .col("event_type", "STRING")
                .col("customer_id", "STRING")
                .col("email_hash", "STRING", "HMAC-SHA256 of the lower-cased email, keyed (see docs)")
                .col("country", "STRING")
                .col("segment", "STRING")
                .col("marketing_consent", "BOOLEAN")
                .col("analytics_consent", "BOOLEAN")
                .col("session_id", "STRING")
                .col("device", "STRING")
                .col("ip_hash", "STRING")
                .col("ip_prefix", "STRING")
                .col("erasure_request_id", "STRING")
                .col("erasure_channel", "STRING")
                .col("schema_version", "INT")
                .col("kafka_partition", "INT")
                .col("kafka_offset", "BIGINT")
                .col("ingest_time", "TIMESTAMP")
                .partitionBy("days(event_time)")
                .writeOrder("customer_id", "event_time")
                .build();
        TableSpec catalog = silverBase(SILVER_CATALOG)
                .col("event_id", "STRING")
                .col("event_time", "TIMESTAMP")
                .col("event_type", "STRING")
                .col("product_id", "STRING")
                .col("sku", "STRING")
                .col("name", "STRING")
                .col("category", "STRING")
                .col("brand", "STRING")
                .col("price", "DECIMAL(12,2)", "list price, or the new price of a change")
                .col("old_price", "DECIMAL(12,2)")
                .col("currency", "STRING")
                .col("reason", "STRING")
                .col("schema_version", "INT")
                .col("kafka_partition", "INT")
                .col("kafka_offset", "BIGINT")
                .col("ingest_time", "TIMESTAMP")
                .partitionBy("days(event_time)")
                .writeOrder("product_id", "event_time")
                .build();
        TableSpec late = silverBase(LATE_EVENTS)
                .col("domain", "STRING")
                .col("event_id", "STRING")
                .col("event_time", "TIMESTAMP")
                .col("watermark", "TIMESTAMP", "the watermark the event fell behind")
                .col("record_key", "STRING")
                .col("payload_json", "STRING")
                .col("topic", "STRING")
                .col("kafka_partition", "INT")
                .col("kafka_offset", "BIGINT")
                .col("ingest_time", "TIMESTAMP")
                .partitionBy("days(ingest_time)", "domain")
                .build();
        return List.of(clickstream, orders, items, inventory, customers, catalog, late);
    }

    private static TableSpec.Builder goldBase(String name) {
        return base(name, DAY_MS, 50);
    }

    public static List<TableSpec> gold() {
        TableSpec revenue = goldBase(GOLD_REVENUE)
                .col("minute", "TIMESTAMP")
                .col("currency", "STRING")
                .col("revenue", "DECIMAL(18,2)", "sum of OrderPlaced totals")
                .col("orders", "BIGINT")
                .col("updated_at", "TIMESTAMP")
                .partitionBy("days(minute)")
                .writeOrder("minute", "currency")
                .build();
        TableSpec funnel = goldBase(GOLD_FUNNEL)
                .col("window_start", "TIMESTAMP")
                .col("window_end", "TIMESTAMP")
                .col("sessions", "BIGINT", "distinct sessions with any clickstream event")
                .col("product_views", "BIGINT")
                .col("carts", "BIGINT", "distinct carts with an item added")
                .col("checkouts", "BIGINT")
                .col("orders", "BIGINT")
                .col("updated_at", "TIMESTAMP")
                .partitionBy("days(window_start)")
                .writeOrder("window_start")
                .build();
        TableSpec top = goldBase(GOLD_TOP_PRODUCTS)
                .col("hour", "TIMESTAMP")
                .col("product_id", "STRING")
                .col("units", "BIGINT")
                .col("orders", "BIGINT")
                .col("rank", "INT", "1 = most units sold in the hour")
                .col("updated_at", "TIMESTAMP")
                .partitionBy("days(hour)")
                .writeOrder("hour", "rank")
                .build();
        TableSpec stock = goldBase(GOLD_STOCK)
                .col("product_id", "STRING")
                .col("quantity_on_hand", "BIGINT", "latest per warehouse, summed")
                .col("warehouses", "INT")
                .col("last_event_time", "TIMESTAMP")
                .col("updated_at", "TIMESTAMP")
                .writeOrder("product_id")
                .build();
        TableSpec sessions = goldBase(GOLD_SESSIONS)
                .col("session_id", "STRING")
                .col("visitor_id", "STRING")
                .col("customer_id", "STRING")
                .col("started_at", "TIMESTAMP")
                .col("last_seen", "TIMESTAMP")
                .col("events", "BIGINT")
                .col("updated_at", "TIMESTAMP")
                .writeOrder("last_seen")
                .build();
        return List.of(revenue, funnel, top, stock, sessions);
    }
}
