package dev.lakehouse.recommendations;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One published model version as the API holds it in memory: every customer's list and the popular list, read once
 * per version (a few tens of thousands of rows), so an answer is a map lookup. {@code snapshots} identifies what was
 * read: the lists' tables' snapshot ids; a new training run changes them.
 */
record ServedModel(
        String snapshots,
        String version,
        Instant generatedAt,
        Map<String, List<Recommendations.Item>> byCustomer,
        List<Recommendations.Item> popular,
        Recommendations.ModelFigures figures) {

    static final ServedModel NONE = new ServedModel("none", null, null, Map.of(), List.of(), null);
}
