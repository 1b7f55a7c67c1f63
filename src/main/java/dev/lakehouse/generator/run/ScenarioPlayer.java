package dev.lakehouse.generator.run;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Plays a scenario's timeline against the role's run: each step at its offset from the start
 * (traffic spike, markdown, poison burst). Steps are wall-clock driven, so a scenario run is
 * not reproducible from its seed alone; the bounded e2e scenario therefore has no steps.
 */
public final class ScenarioPlayer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ScenarioPlayer.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "generator-scenario");
        t.setDaemon(true);
        return t;
    });

    public ScenarioPlayer(String name, List<GeneratorConfig.Step> steps, GeneratorService service) {
        LOG.infof("Scenario '%s': %d timed steps", name, steps.size());
        for (GeneratorConfig.Step step : steps) {
            timer.schedule(() -> play(name, step, service), step.at().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void play(String name, GeneratorConfig.Step step, GeneratorService service) {
        try {
            service.apply(step);
            LOG.infof(
                    "Scenario '%s' at %s:%s%s%s",
                    name,
                    step.at(),
                    step.rate().isPresent() ? " rate " + step.rate().getAsDouble() + "/s" : "",
                    step.markdown().isPresent()
                            ? " markdown " + Math.round(step.markdown().getAsDouble() * 100) + "% on "
                                    + step.markdownProducts() + " products"
                            : "",
                    step.poisonBurst().isPresent()
                            ? " poison burst of " + step.poisonBurst().getAsInt()
                            : "");
        } catch (IllegalStateException e) {
            LOG.warnf("Scenario '%s' at %s skipped: %s", name, step.at(), e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
