package dev.lakehouse.generator.run;

import dev.lakehouse.contracts.privacy.RecordSealer;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.publishing.Publisher;
import dev.lakehouse.kafka.KafkaSettings;
import dev.lakehouse.privacy.SubjectKeys;
import dev.lakehouse.schemas.RegistryConfig;
import dev.lakehouse.supervision.Heartbeat;
import dev.lakehouse.supervision.SupervisedLoop;
import dev.lakehouse.supervision.Supervisor;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Owns the app's one background run (the role's, or one started over REST) and builds the
 * Kafka publisher for any run, the CLI's included.
 */
@ApplicationScoped
public class GeneratorService {

    private static final Logger LOG = Logger.getLogger(GeneratorService.class);

    /** Average events per visit with the default shop (measured; order follow-ups included). */
    public static final double EVENTS_PER_SESSION = 7.4;

    private final GeneratorConfig config;
    private final KafkaSettings kafka;
    private final RegistryConfig registry;
    private final Tracer tracer;
    private final MeterRegistry meters;
    /** The supervised loop's name, in liveness and in lakehouse.loop.restarts{loop=generator}. */
    public static final String LOOP = "generator";

    private final Supervisor supervisor;
    private final SubjectKeys subjectKeys;
    private volatile GeneratorRun current;
    private SupervisedLoop supervised;
    /** Test seam: sees each progress report on the run's thread (a test makes it throw to kill the run). */
    volatile Consumer<RunStatus> progressHook = status -> {};

    GeneratorService(
            GeneratorConfig config,
            KafkaSettings kafka,
            RegistryConfig registry,
            Tracer tracer,
            MeterRegistry meters,
            Supervisor supervisor,
            SubjectKeys subjectKeys) {
        this.config = config;
        this.subjectKeys = subjectKeys;
        this.kafka = kafka;
        this.registry = registry;
        this.tracer = tracer;
        this.meters = meters;
        this.supervisor = supervisor;
    }

    public GeneratorConfig config() {
        return config;
    }

    public Publisher newPublisher() {
        return new Publisher(
                kafka.client(),
                registry.url(),
                config.producer().tuning(),
                tracer,
                W3CTraceContextPropagator.getInstance(),
                meters,
                new RecordSealer(subjectKeys.get()));
    }

    /** Seed from the configuration, else drawn now: outside the simulation, so determinism is untouched. */
    public long seed(Long requested) {
        if (requested != null) {
            return requested;
        }
        return config.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    /**
     * Starts a real-time run: simulated time follows the wall clock from now, visits arrive at
     * the rate that yields {@code eventsPerSecond} on average.
     */
    public synchronized RunStatus startRealTime(double eventsPerSecond, Long seed, Long maxRecords) {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("a real-time run needs a positive rate");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        GeneratorSettings settings = config.settings(
                        seed(seed), now, config.faults().rates())
                .withSessionsPerHour(eventsPerSecond * 3600 / EVENTS_PER_SESSION);
        return start(settings, new RunLimits(maxRecords, null, null, eventsPerSecond, true));
    }

    /**
     * Starts a backfill: simulated time runs from {@code from} as fast as {@code eventsPerSecond}
     * allows (0: as fast as Kafka accepts), with the configured visit rate per simulated hour.
     */
    public synchronized RunStatus startBackfill(Instant from, double eventsPerSecond, Long seed, Long maxRecords) {
        GeneratorSettings settings =
                config.settings(seed(seed), from, config.faults().rates());
        return start(settings, new RunLimits(maxRecords, null, null, eventsPerSecond, false));
    }

    private RunStatus start(GeneratorSettings settings, RunLimits limits) {
        if (isRunning()) {
            throw new IllegalStateException("a run is already going: stop it first");
        }
        Path ledger = config.ledger()
                .map(dir -> Path.of(dir, "run-" + settings.seed()))
                .orElse(null);
        // Supervised: a run that dies of an unexpected error starts again as a new run of the same settings (after
        // a backoff), and resumes from what its ledger says was sent. Each life beats with its progress reports.
        AtomicReference<Heartbeat> beat = new AtomicReference<>(() -> {});
        GeneratorRun first = newRun(settings, limits, ledger, beat);
        current = first;
        AtomicBoolean firstLife = new AtomicBoolean(true);
        supervised = supervisor.start(LOOP, failure -> false, heartbeat -> {
            beat.set(heartbeat);
            GeneratorRun run = firstLife.getAndSet(false) ? first : newRun(settings, limits, ledger, beat);
            current = run;
            heartbeat.beat();
            run.run();
        });
        LOG.infof(
                "Generator started: %s, %s, seed %d%s",
                limits.realTime() ? "real time" : "backfill from " + settings.from(),
                limits.eventsPerSecond() > 0 ? limits.eventsPerSecond() + " events/s" : "as fast as Kafka accepts",
                settings.seed(),
                ledger == null ? "" : ", ledger " + ledger);
        return current.status();
    }

    private GeneratorRun newRun(
            GeneratorSettings settings, RunLimits limits, Path ledger, AtomicReference<Heartbeat> beat) {
        return new GeneratorRun(
                settings,
                limits,
                newPublisher(),
                ledger,
                status -> {
                    beat.get().beat();
                    progressHook.accept(status);
                    LOG.infof("generator: %d records, %.1f/s", status.records(), status.eventsPerSecond());
                },
                config.progressInterval(),
                true);
    }

    public synchronized RunStatus stop() throws InterruptedException {
        if (supervised == null) {
            return null;
        }
        supervised.stop(
                () -> {
                    GeneratorRun run = current;
                    if (run != null) {
                        run.stop();
                    }
                },
                Duration.ofSeconds(30));
        return current == null ? null : current.status();
    }

    public synchronized RunStatus setRate(double eventsPerSecond) {
        if (!isRunning()) {
            throw new IllegalStateException("no run is going");
        }
        current.setRate(eventsPerSecond);
        return current.status();
    }

    /** Applies a scenario step to the running run. */
    public synchronized void apply(GeneratorConfig.Step step) {
        if (!isRunning()) {
            throw new IllegalStateException("no run is going");
        }
        step.rate().ifPresent(current::setRate);
        step.markdown().ifPresent(fraction -> current.markDown(fraction, step.markdownProducts()));
        step.poisonBurst().ifPresent(current::poisonBurst);
    }

    public synchronized RunStatus status() {
        return current == null ? null : current.status();
    }

    /** Going, or between two lives of a run that died (it will be restarted). */
    public synchronized boolean isRunning() {
        return supervised != null
                && supervised.state() != SupervisedLoop.State.STOPPED
                && supervised.state() != SupervisedLoop.State.FAILED;
    }
}
