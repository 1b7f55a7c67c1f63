package dev.lakehouse.spark.privacy;

import dev.lakehouse.contracts.lake.CatalogSettings;
import dev.lakehouse.contracts.lake.LakeTables;
import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.privacy.SealedValues;
import dev.lakehouse.spark.streaming.SqlLiterals;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GDPR erasure (art. 17), one pass, idempotent, for every request silver has received, on time or late
 * (docs/privacy.md):
 *
 * <ol>
 *   <li><b>keys</b>: the customer's data key and those of the visits it made are shredded, so every sealed copy of
 *       its e-mail, name and IP (topics, bronze, quarantine, old snapshots, backups) stops opening at once;
 *   <li><b>silver</b>: its rows are deleted, except the order facts, which stay for revenue with the customer
 *       removed ({@code customer_id} set to null), and the erasure request itself (the record that it was asked);
 *   <li><b>gold</b>: its live sessions are deleted (the KPIs hold no customer);
 *   <li><b>warehouse</b>: every table of the dbt namespaces with a {@code customer_id}, by the same rule, and the
 *       history of each one changed is expired at once;
 *   <li><b>snapshots</b>: done once no retained snapshot of a changed table predates the deletes (maintenance
 *       expires them: {@code maintain}).
 * </ol>
 *
 * Rows are deleted for every erased customer on every pass, so an event of an erased customer that arrives later is
 * removed by the next pass. Each request's progress is one row of {@code privacy.erasures}.
 */
public final class ErasureJob {
    private static final Logger LOG = LoggerFactory.getLogger(ErasureJob.class);
    private static final String L = CatalogSettings.CATALOG_NAME + ".";
    private static final String ERASURE_TYPE = "ErasureRequested";
    /** Order facts: kept for revenue, with the customer removed. */
    private static final Set<String> ANONYMIZED =
            Set.of(LakeTables.SILVER_ORDERS, LakeTables.SILVER_ORDER_ITEMS, "fact_orders", "fact_order_items");
    /** Namespaces that are not the warehouse's: the data-flow layers, audit, privacy. */
    private static final Set<String> NOT_WAREHOUSE = new HashSet<>(LakeTables.NAMESPACES);

    static {
        NOT_WAREHOUSE.add(LakeTables.AUDIT);
        NOT_WAREHOUSE.add(LakeTables.PRIVACY);
    }

    private final SparkSession spark;
    private final DataKeys keys;

    public ErasureJob(SparkSession spark, DataKeys keys) {
        this.spark = spark;
        this.keys = keys;
    }

    /** Runs one pass; returns the state of every request afterwards. */
    public List<ErasureState> run() {
        Instant now = Instant.now();
        Map<String, ErasureState> states = ErasureState.read(spark);
        List<ErasureRequest> requests = requests();
        Set<String> customers = new TreeSet<>();
        for (ErasureRequest r : requests) {
            customers.add(r.customerId());
            states.computeIfAbsent(r.requestId(), id -> ErasureState.received(r));
        }
        if (customers.isEmpty()) {
            return List.copyOf(states.values());
        }
        Set<String> visitors = visitorsOf(customers);

        List<ErasureState> unshredded =
                states.values().stream().filter(s -> s.keysShreddedAt() == null).toList();
        if (!unshredded.isEmpty()) {
            Set<String> pending =
                    unshredded.stream().map(ErasureState::customerId).collect(Collectors.toSet());
            Set<String> subjects = subjectsOf(pending, visitorsOf(pending));
            int shredded = 0;
            for (String subject : subjects) {
                shredded += keys.shred(subject) ? 1 : 0;
            }
            LOG.info("erasure: shredded {} data keys of {} customers", shredded, pending.size());
            for (ErasureState s : unshredded) {
                states.put(s.requestId(), s.keysShredded(now, subjects.size()));
            }
        }

        Set<String> changed = new TreeSet<>();
        Instant silver = erase(silverTables(), customers, visitors, changed);
        Instant gold = erase(List.of(LakeTables.GOLD_SESSIONS), customers, visitors, changed);
        List<String> warehouseTables = warehouseTables();
        Instant warehouse = erase(warehouseTables, customers, visitors, changed);
        warehouseTables.stream().filter(changed::contains).forEach(this::expireHistory);
        for (ErasureState s : List.copyOf(states.values())) {
            ErasureState erased = s.erased(silver, gold, warehouse, changed);
            states.put(s.requestId(), erased.snapshotsChecked(this::oldestSnapshot, now));
        }
        ErasureState.write(spark, states.values(), now);
        return List.copyOf(states.values());
    }

    /** Requests from silver.customers and, behind the watermark, from silver.late_events. */
    List<ErasureRequest> requests() {
        Map<String, ErasureRequest> out = new LinkedHashMap<>();
        spark.sql("SELECT erasure_request_id, customer_id, event_time, erasure_channel FROM " + L
                        + LakeTables.SILVER_CUSTOMERS + " WHERE event_type = '" + ERASURE_TYPE + "'")
                .collectAsList()
                .forEach(r -> out.putIfAbsent(
                        r.getString(0),
                        new ErasureRequest(
                                r.getString(0), r.getString(1), r.getTimestamp(2), r.getString(3), "on-time")));
        spark.sql("SELECT get_json_object(payload_json, '$.payload.ErasureRequested.request_id'), record_key, "
                        + "event_time, get_json_object(payload_json, '$.payload.ErasureRequested.channel') FROM " + L
                        + LakeTables.LATE_EVENTS + " WHERE domain = 'customers' AND "
                        + "get_json_object(payload_json, '$.payload.branch') = '" + ERASURE_TYPE + "'")
                .collectAsList()
                .forEach(r -> out.putIfAbsent(
                        r.getString(0),
                        new ErasureRequest(r.getString(0), r.getString(1), r.getTimestamp(2), r.getString(3), "late")));
        out.values().removeIf(r -> r.requestId() == null || r.customerId() == null);
        return List.copyOf(out.values());
    }

    /** The anonymous visitors that became these customers: their visits' contexts are sealed for the visitor. */
    private Set<String> visitorsOf(Collection<String> customers) {
        Set<String> out = new TreeSet<>();
        for (String in : inLists(customers)) {
            spark.sql("SELECT DISTINCT visitor_id FROM " + L + LakeTables.SILVER_CLICKSTREAM
                            + " WHERE visitor_id IS NOT NULL AND customer_id IN " + in)
                    .collectAsList()
                    .forEach(r -> out.add(r.getString(0)));
        }
        return out;
    }

    /**
     * Every subject a sealed value of these customers' and visitors' records names (bronze holds every record that
     * arrived), with the customers and visitors themselves.
     */
    private Set<String> subjectsOf(Set<String> customers, Set<String> visitors) {
        Set<String> subjects = new TreeSet<>(customers);
        subjects.addAll(visitors);
        Set<String> owners = new TreeSet<>(customers);
        owners.addAll(visitors);
        for (String in : inLists(owners)) {
            spark.sql("SELECT DISTINCT s FROM (SELECT explode(regexp_extract_all(payload_json, "
                            + SqlLiterals.string(SealedValues.PREFIX.replace(".", "\\.") + "([A-Za-z0-9_-]+)\\.")
                            + ", 1)) AS s FROM " + L + LakeTables.BRONZE_EVENTS + " WHERE record_key IN " + in + ")")
                    .collectAsList()
                    .forEach(r -> SealedValues.subject(SealedValues.PREFIX + r.getString(0) + ".x")
                            .ifPresent(subjects::add));
        }
        return subjects;
    }

    private static List<String> silverTables() {
        return List.of(
                LakeTables.SILVER_CLICKSTREAM,
                LakeTables.SILVER_CUSTOMERS,
                LakeTables.SILVER_ORDERS,
                LakeTables.SILVER_ORDER_ITEMS,
                LakeTables.LATE_EVENTS);
    }

    /** Tables of the dbt namespaces that name a customer. */
    private List<String> warehouseTables() {
        List<String> out = new ArrayList<>();
        for (Row ns :
                spark.sql("SHOW NAMESPACES IN " + CatalogSettings.CATALOG_NAME).collectAsList()) {
            String namespace = ns.getString(0);
            if (NOT_WAREHOUSE.contains(namespace)) {
                continue;
            }
            for (Row t : spark.sql("SHOW TABLES IN " + L + namespace).collectAsList()) {
                String name = namespace + "." + t.getString(1);
                if (List.of(spark.table(L + name).columns()).contains("customer_id")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /**
     * Deletes (or anonymizes) the rows of these customers and visitors, adding each table it changed to
     * {@code changed}; returns when it finished.
     */
    private Instant erase(List<String> tables, Set<String> customers, Set<String> visitors, Set<String> changed) {
        for (String table : tables) {
            List<String> columns = List.of(spark.table(L + table).columns());
            boolean anonymize =
                    ANONYMIZED.contains(table) || ANONYMIZED.contains(table.substring(table.indexOf('.') + 1));
            for (String where : predicates(table, columns, customers, visitors)) {
                long n = spark.sql("SELECT count(*) FROM " + L + table + " WHERE " + where)
                        .first()
                        .getLong(0);
                if (n == 0) {
                    continue;
                }
                spark.sql((anonymize ? "UPDATE " + L + table + " SET customer_id = NULL" : "DELETE FROM " + L + table)
                        + " WHERE " + where);
                changed.add(table);
                LOG.info("erasure: {} rows of {} {}", n, table, anonymize ? "anonymized" : "deleted");
            }
        }
        return Instant.now();
    }

    /** The rows of a table that are the customers' (in chunks, so no statement grows without bound). */
    private static List<String> predicates(
            String table, List<String> columns, Set<String> customers, Set<String> visitors) {
        List<String> out = new ArrayList<>();
        boolean keyed = columns.contains("record_key");
        String column = columns.contains("customer_id") ? "customer_id" : keyed ? "record_key" : null;
        if (column == null) {
            return out;
        }
        // The request itself stays: the proof that it was made and when (it holds no personal field).
        String keep = table.equals(LakeTables.SILVER_CUSTOMERS)
                ? " AND event_type <> '" + ERASURE_TYPE + "'"
                : keyed
                        ? " AND coalesce(get_json_object(payload_json, '$.payload.branch'), '') <> '" + ERASURE_TYPE
                                + "'"
                        : "";
        for (String in : inLists(customers)) {
            out.add(column + " IN " + in + keep);
        }
        String visitorColumn = columns.contains("visitor_id") ? "visitor_id" : keyed ? "record_key" : null;
        if (visitorColumn != null && !visitors.isEmpty()) {
            for (String in : inLists(visitors)) {
                out.add(visitorColumn + " IN " + in + keep);
            }
        }
        return out;
    }

    /**
     * Drops a dbt table's history at once: dbt rebuilds these tables in batch, no stream reads their snapshots, and
     * {@code maintain} does not otherwise expire them (it keeps to the layers it knows).
     */
    private void expireHistory(String table) {
        spark.sql("CALL " + CatalogSettings.CATALOG_NAME + ".system.expire_snapshots(table => '" + table
                + "', older_than => " + SqlLiterals.timestamp(Instant.now()) + ", retain_last => 1)");
        LOG.info("erasure: expired the history of {}", table);
    }

    /** When the oldest snapshot the table retains was committed; null when it has none. */
    private Instant oldestSnapshot(String table) {
        Timestamp ts = spark.sql("SELECT min(committed_at) FROM " + L + table + ".snapshots")
                .first()
                .getTimestamp(0);
        return ts == null ? null : ts.toInstant();
    }

    private static List<String> inLists(Collection<String> values) {
        List<String> out = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        for (String v : values) {
            chunk.add(SqlLiterals.string(v));
            if (chunk.size() == 1000) {
                out.add("(" + String.join(", ", chunk) + ")");
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            out.add("(" + String.join(", ", chunk) + ")");
        }
        return out;
    }
}
