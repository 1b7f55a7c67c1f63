package dev.lakehouse.generator.run;

import dev.lakehouse.generator.model.Experiment;
import dev.lakehouse.generator.model.FaultRates;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.model.Incident;
import dev.lakehouse.generator.model.Tastes;
import dev.lakehouse.generator.publishing.ProducerTuning;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** lakehouse.generator.*: defaults of the generator role and of the 'generate' command. */
@ConfigMapping(prefix = "lakehouse.generator")
public interface GeneratorConfig {

    /** Seed of the simulation; unset: drawn at start (and shown in the status), so restarts do not resend old ids. */
    Optional<Long> seed();

    /** Target events per second of the role's run. */
    @WithDefault("50")
    double rate();

    /** Start the real-time run when the role starts; otherwise wait for POST /generator/start. */
    @WithDefault("true")
    boolean startOnStartup();

    /**
     * Simulated start of the role's run. Unset: real time from now. Set: a backfill from that
     * instant at {@link #rate()} events/s (0 = as fast as Kafka accepts).
     */
    Optional<Instant> from();

    /** The role's run stops after this many records (faults included); unset: it runs until stopped. */
    Optional<Long> maxEvents();

    /** Directory for ledger.jsonl and summary.json; unset: no ledger. */
    Optional<String> ledger();

    @WithDefault("400")
    int products();

    @WithDefault("3000")
    int customers();

    /** Weekly mean of visits per simulated hour in backfill runs (real-time runs derive it from the rate). */
    @WithDefault("4000")
    double sessionsPerHour();

    @WithDefault("0.03")
    double conversionRate();

    @WithDefault("0.70")
    double cartAbandonmentRate();

    @WithDefault("0.55")
    double returningShare();

    @WithDefault("24")
    double catalogChangesPerDay();

    @WithDefault("3")
    double erasuresPerDay();

    @WithDefault("EUR")
    String currency();

    Faults faults();

    /** An A/B experiment with a true effect (docs/generator.md); off unless an id is set. */
    ExperimentConfig experiment();

    /** Shoppers' latent tastes (docs/generator.md); off while both are 0. */
    TastesConfig tastes();

    interface TastesConfig {
        /** Share of product views that follow a shopper's favourite categories. */
        @WithDefault("0")
        double strength();

        /** Chance that a product put in the cart brings its complement along. */
        @WithDefault("0")
        double complementRate();
    }

    /** Incidents with known windows in simulated time (docs/generator.md); none by default. */
    Optional<List<IncidentConfig>> incidents();

    interface IncidentConfig {
        /** payment-outage, bot-swarm or pricing-error. */
        String kind();

        /** Offset from the run's simulated start. */
        Duration start();

        Duration duration();

        default Incident incident() {
            return new Incident(
                    Incident.Kind.valueOf(
                            kind().toUpperCase(java.util.Locale.ROOT).replace('-', '_')),
                    start(),
                    duration());
        }
    }

    /** Timed changes to the role's run (./lakehouse run --scenario): scenarios/*.properties. */
    Scenario scenario();

    Producer producer();

    @WithDefault("5s")
    Duration progressInterval();

    interface Faults {
        @WithDefault("0.01")
        double late();

        @WithDefault("PT2H")
        Duration lateLag();

        @WithDefault("0.01")
        double outOfOrder();

        @WithDefault("0.005")
        double duplicate();

        @WithDefault("0.001")
        double poisonNotAvro();

        @WithDefault("0.001")
        double poisonUnknownSchema();

        @WithDefault("0.001")
        double poisonBusinessRule();

        default FaultRates rates() {
            return new FaultRates(
                    late(),
                    lateLag(),
                    outOfOrder(),
                    duplicate(),
                    poisonNotAvro(),
                    poisonUnknownSchema(),
                    poisonBusinessRule());
        }
    }

    interface ExperimentConfig {
        /** Names the experiment and salts the session-to-variant hash; unset: no experiment. */
        Optional<String> id();

        @WithDefault("0.5")
        double treatmentShare();

        /** True relative effect of treatment on conversion (0.1 = +10 %). */
        @WithDefault("0")
        double conversionLift();

        default Experiment experiment() {
            return id().map(i -> new Experiment(i, treatmentShare(), conversionLift()))
                    .orElse(Experiment.OFF);
        }
    }

    interface Scenario {
        /** Shown in the log when the run starts. */
        @WithDefault("steady")
        String name();

        Optional<List<Step>> steps();
    }

    /** One change, at an offset from the start of the run; every part is optional. */
    interface Step {
        Duration at();

        /** New target events per second. */
        OptionalDouble rate();

        /** Mark products down by this fraction (0.3 = 30 % off). */
        OptionalDouble markdown();

        @WithDefault("40")
        int markdownProducts();

        /** Send this many poison records at once. */
        OptionalInt poisonBurst();
    }

    interface Producer {
        @WithDefault("lz4")
        String compression();

        @WithDefault("20")
        int lingerMs();

        @WithDefault("262144")
        int batchSize();

        default ProducerTuning tuning() {
            return new ProducerTuning(compression(), lingerMs(), batchSize());
        }
    }

    default GeneratorSettings settings(long seed, Instant from, FaultRates faults) {
        return new GeneratorSettings(
                seed,
                from,
                products(),
                customers(),
                sessionsPerHour(),
                conversionRate(),
                cartAbandonmentRate(),
                returningShare(),
                catalogChangesPerDay(),
                erasuresPerDay(),
                currency(),
                faults,
                experiment().experiment(),
                incidents().orElse(List.of()).stream()
                        .map(IncidentConfig::incident)
                        .toList(),
                new Tastes(tastes().strength(), tastes().complementRate()));
    }
}
