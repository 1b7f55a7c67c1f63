package dev.lakehouse.experiments;

import dev.lakehouse.contracts.experiments.Assignment;
import dev.lakehouse.events.clickstream.ClickstreamEvent;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.Experiment;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.simulation.Simulation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the simulation with an experiment and reads each session's outcome from its events, as the
 * lake would: a session starts with its first clickstream event, its variant is recomputed from its
 * id ({@link Assignment}, the variant is not on the events), and it converted if an OrderPlaced names
 * it (revenue: the order totals). No Kafka: the simulation is driven directly, so a run takes
 * milliseconds.
 */
final class SimulatedExperiment {

    static final Instant FROM = Instant.parse("2026-11-02T08:00:00Z");
    /** Sessions get an hour after the last one counted started, to finish (think times are seconds to minutes). */
    private static final long DRAIN_MILLIS = 3_600_000;

    private SimulatedExperiment() {}

    /**
     * A small shop with a high conversion (30 %), so an experiment's horizon is a few thousand
     * sessions: the same statistics as a 3 % shop's with ten times fewer sessions to simulate.
     */
    static GeneratorSettings smallShop(long seed, Experiment experiment) {
        return GeneratorSettings.defaults(seed, FROM)
                .withFunnel(0.30, 0.40)
                .withSessionsPerHour(20_000)
                .withExperiment(experiment);
    }

    /**
     * The outcomes of the sessions in start order, until each variant has {@code design}'s sessions.
     * {@code treatmentLoss}: the share of treatment's sessions whose events never reach the lake (a
     * broken variant: a redirect that drops its tracking), so the lake sees a split other than the
     * designed one; 0 for a healthy experiment.
     */
    static List<SessionOutcome> run(GeneratorSettings settings, FixedHorizon design, double treatmentLoss) {
        String experimentId = settings.experiment().id();
        Simulation simulation = new Simulation(settings);
        Map<String, Integer> index = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        long[] wanted = {design.treatmentSessions(), design.controlSessions()};
        long[] seen = new long[2];
        int capacity = (int) (2 * (wanted[0] + wanted[1]));
        double[] revenue = new double[capacity];
        boolean[] converted = new boolean[capacity];
        long stopAt = Long.MAX_VALUE;
        for (Emission e = simulation.next(); e.eventTime().toEpochMilli() < stopAt; e = simulation.next()) {
            if (e.event() instanceof ClickstreamEvent c) {
                String id = c.getSessionId();
                if (stopAt == Long.MAX_VALUE && !index.containsKey(id)) {
                    String variant = Assignment.variant(experimentId, design.treatmentShare(), id);
                    boolean treated = Assignment.TREATMENT.equals(variant);
                    if (treated && Assignment.bucket("lost", id) < treatmentLoss) {
                        index.put(id, -1);
                        continue;
                    }
                    index.put(id, ids.size());
                    ids.add(id);
                    variants.add(variant);
                    seen[treated ? 0 : 1]++;
                    if (seen[0] >= wanted[0] && seen[1] >= wanted[1]) {
                        // Enough visits: almost none arrive any more, the open ones finish.
                        simulation.setIntensity(1e-9);
                        stopAt = e.eventTime().toEpochMilli() + DRAIN_MILLIS;
                    }
                }
            } else if (e.event() instanceof OrderEvent o && o.getPayload() instanceof OrderPlaced placed) {
                Integer i = placed.getSessionId() == null ? null : index.get(placed.getSessionId());
                if (i != null && i >= 0) {
                    converted[i] = true;
                    revenue[i] += e.amount().doubleValue();
                }
            }
        }
        List<SessionOutcome> outcomes = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            outcomes.add(new SessionOutcome(variants.get(i), converted[i], revenue[i]));
        }
        return outcomes;
    }
}
