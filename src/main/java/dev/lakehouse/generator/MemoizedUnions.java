package dev.lakehouse.generator;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * A generated class's data model that remembers which union branch each value class takes.
 * Avro resolves every union value anew (conversions by class, a type name from a set lookup or
 * the record's full name, then the union's name index): about a quarter of the samples of a
 * simulate-and-encode loop, as envelopes are mostly nullable fields around a payload union. For generated
 * classes the class alone decides the branch (null, strings, boxed primitives, specific records
 * and enums, types with a logical-type conversion), so the first answer holds for every value.
 * Generic records, fixeds and enum symbols carry their schema per value and are left to Avro.
 */
final class MemoizedUnions extends SpecificData {

    // Keyed by identity: equal unions (every ["null", "string"]) compare deeply, which cost more
    // than Avro's own lookup. Copied on write, so reads take no lock; writes stop once every union
    // has met each of its value classes.
    private volatile Map<Schema, Map<Class<?>, Integer>> branches = new IdentityHashMap<>();

    MemoizedUnions(SpecificData model) {
        super(model.getClassLoader());
        model.getConversions().forEach(this::addLogicalTypeConversion);
    }

    @Override
    public int resolveUnion(Schema union, Object datum) {
        Class<?> type = datum == null ? Void.class : datum.getClass();
        Map<Class<?>, Integer> byClass = branches.get(union);
        Integer branch = byClass == null ? null : byClass.get(type);
        if (branch != null) {
            return branch;
        }
        int resolved = super.resolveUnion(union, datum);
        boolean ownSchema = datum instanceof GenericContainer && !(datum instanceof SpecificRecord) && !(datum instanceof Enum);
        return ownSchema ? resolved : remember(union, type, resolved);
    }

    private synchronized int remember(Schema union, Class<?> type, int branch) {
        Map<Schema, Map<Class<?>, Integer>> copy = new IdentityHashMap<>(branches);
        Map<Class<?>, Integer> byClass = new HashMap<>(copy.getOrDefault(union, Map.of()));
        byClass.put(type, branch);
        copy.put(union, byClass);
        branches = copy;
        return branch;
    }
}
