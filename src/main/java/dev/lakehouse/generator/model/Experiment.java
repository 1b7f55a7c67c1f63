package dev.lakehouse.generator.model;

import dev.lakehouse.contracts.experiments.Assignment;

/**
 * An A/B experiment the simulation runs, with its true effect: sessions are split between control and
 * treatment by {@link Assignment} (a hash of the session id, recomputable in the lake), and a treated
 * session's chance to order is the configured conversion times {@code 1 + conversionLift}. {@link #OFF}
 * (no id) leaves the simulation exactly as it is without experiments.
 *
 * @param id             names the experiment and salts the assignment; null: no experiment
 * @param treatmentShare share of sessions assigned to treatment, in (0, 1)
 * @param conversionLift true relative effect of treatment on conversion (0.1 = +10 %); 0: an A/A test
 */
public record Experiment(String id, double treatmentShare, double conversionLift) {

    public static final Experiment OFF = new Experiment(null, 0.5, 0);

    public Experiment {
        if (id != null && id.isBlank()) {
            throw new IllegalArgumentException("an experiment id must not be blank");
        }
        if (!(treatmentShare > 0 && treatmentShare < 1)) {
            throw new IllegalArgumentException("the treatment share must be in (0, 1), got " + treatmentShare);
        }
        if (!(conversionLift > -1)) {
            throw new IllegalArgumentException("a conversion lift must be above -100 %, got " + conversionLift);
        }
    }

    public boolean on() {
        return id != null;
    }

    public String variant(String sessionId) {
        return Assignment.variant(id, treatmentShare, sessionId);
    }

    /** The conversion rate a session of {@code variant} is drawn with. */
    public double conversion(String variant, double baseline) {
        return Assignment.TREATMENT.equals(variant) ? baseline * (1 + conversionLift) : baseline;
    }
}
