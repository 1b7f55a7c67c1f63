package dev.lakehouse.generator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** lakehouse.generator.*: defaults of the generator role and of the 'generate' command. */
@ConfigMapping(prefix = "lakehouse.generator")
public interface GeneratorConfig {

    /** Seed of the simulation; unset: drawn at start (and shown in the status), so restarts do not resend old ids. */
    Optional<Long> seed();

    /** Target events per second of the role's real-time run. */
    @WithDefault("50")
    double rate();

    /** Start the real-time run when the role starts; otherwise wait for POST /generator/start. */
    @WithDefault("true")
    boolean startOnStartup();

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
            return new FaultRates(late(), lateLag(), outOfOrder(), duplicate(), poisonNotAvro(), poisonUnknownSchema(), poisonBusinessRule());
        }
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
        return new GeneratorSettings(seed, from, products(), customers(), sessionsPerHour(), conversionRate(), cartAbandonmentRate(),
                returningShare(), catalogChangesPerDay(), erasuresPerDay(), currency(), faults);
    }
}
