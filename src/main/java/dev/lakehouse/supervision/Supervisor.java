package dev.lakehouse.supervision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * Starts the app's long-running loops under supervision and knows them all, for the liveness check.
 *
 * <p>What is never retried inside the process (the loop ends FAILED, liveness goes DOWN, the orchestrator starts a new
 * process): {@link OutOfMemoryError} and the other {@link VirtualMachineError}s but {@link StackOverflowError}. After
 * an OOM any thread of the JVM may have failed an allocation half-way (Kafka's network threads, shared caches), so
 * nothing in this heap can be trusted, and a heap that was too small is still too small for the next life; a stack
 * overflow unwinds only its own thread, so it is restarted like any error. Each loop may add its own fatal errors
 * (the validator: a fenced transactional producer or missing rights).
 */
@ApplicationScoped
public class Supervisor {

    public static final String RESTARTS_METER = "lakehouse.loop.restarts";

    private final MeterRegistry meters;
    private final SupervisionConfig config;
    private final Map<String, SupervisedLoop> loops = new ConcurrentSkipListMap<>();

    Supervisor(MeterRegistry meters, SupervisionConfig config) {
        this.meters = meters;
        this.config = config;
    }

    /** Starts {@code body} as loop {@code name} (replacing an ended loop of that name) with the configured settings. */
    public SupervisedLoop start(String name, Predicate<Throwable> fatal, LoopBody body) {
        return start(name, config.settings(name), fatal, body);
    }

    public SupervisedLoop start(String name, LoopSettings settings, Predicate<Throwable> fatal, LoopBody body) {
        Counter restarts = Counter.builder(RESTARTS_METER)
                .description("restarts of a supervised loop after it died")
                .tag("loop", name)
                .register(meters);
        SupervisedLoop loop =
                new SupervisedLoop(name, settings, fatal.or(Supervisor::jvmIsDying), body, restarts, Clock.systemUTC());
        loops.put(name, loop);
        loop.start();
        return loop;
    }

    public Collection<SupervisedLoop> loops() {
        return List.copyOf(loops.values());
    }

    public Optional<SupervisedLoop> loop(String name) {
        return Optional.ofNullable(loops.get(name));
    }

    /** True when {@code failure} or one of its causes is an instance of one of {@code types}. */
    @SafeVarargs
    public static boolean causedBy(Throwable failure, Class<? extends Throwable>... types) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean jvmIsDying(Throwable failure) {
        return failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError);
    }
}
