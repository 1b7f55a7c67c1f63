package dev.lakehouse.generator;

import dev.lakehouse.generator.ledger.Ledger;
import dev.lakehouse.generator.model.FaultRates;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.run.GeneratorConfig;
import dev.lakehouse.generator.run.GeneratorRun;
import dev.lakehouse.generator.run.GeneratorService;
import dev.lakehouse.generator.run.RunLimits;
import dev.lakehouse.generator.run.RunStatus;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Simulate the shop and send its events to the raw topics (Avro, through the schema registry).",
            "Stops after --events records, after --duration, or when simulated time reaches --to, whichever comes first.",
            "Without --rate it backfills as fast as Kafka accepts; with --rate it holds that many records per second.",
            "Defaults come from lakehouse.generator.* (application.properties, env LAKEHOUSE_GENERATOR_...).",
            "Example: generate --events 1000000 --seed 7 --from 2026-10-01 --ledger /tmp/ledger"
        })
public class GenerateCommand implements Callable<Integer> {

    @Option(names = "--events", paramLabel = "N", description = "Stop after N records sent (injected faults included).")
    Long events;

    @Option(
            names = "--duration",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Stop after this much wall-clock time: 30s, 5m, 2h or ISO-8601 (PT10M).")
    Duration duration;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "0",
            description = "Records per second to hold; 0 (default) = as fast as Kafka accepts.")
    double rate;

    @Option(
            names = "--real-time",
            description = "Simulated time follows the wall clock from now (ignores --from); "
                    + "with --rate R the visit rate is set to yield about R events/s.")
    boolean realTime;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of every random choice; same seed and settings, same events and ids. "
                    + "Default: lakehouse.generator.seed, else random (printed).")
    Long seed;

    @Option(
            names = "--from",
            paramLabel = "T",
            converter = InstantConverter.class,
            description =
                    "Simulated time of the first event: 2026-10-01 or 2026-10-01T08:00:00Z. Default: 30 days before today.")
    Instant from;

    @Option(
            names = "--to",
            paramLabel = "T",
            converter = InstantConverter.class,
            description = "Stop when simulated time reaches this instant (same formats as --from).")
    Instant to;

    @Option(
            names = "--sessions-per-hour",
            paramLabel = "N",
            description = "Weekly mean of visits per simulated hour. Default: lakehouse.generator.sessions-per-hour.")
    Double sessionsPerHour;

    @Option(names = "--conversion", paramLabel = "P", description = "Share of visits that place an order, e.g. 0.03.")
    Double conversion;

    @Option(
            names = "--abandonment",
            paramLabel = "P",
            description = "Share of visits with a cart that do not order, e.g. 0.70.")
    Double abandonment;

    @Option(
            names = "--late-rate",
            paramLabel = "P",
            description = "Share of events sent with an event_time older than --late-lag.")
    Double lateRate;

    @Option(
            names = "--late-lag",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "How far behind the simulated clock late events are stamped (between D and 2D).")
    Duration lateLag;

    @Option(
            names = "--out-of-order-rate",
            paramLabel = "P",
            description = "Share of events held back and sent after later ones.")
    Double outOfOrderRate;

    @Option(names = "--duplicate-rate", paramLabel = "P", description = "Share of events sent twice (same event_id).")
    Double duplicateRate;

    @Option(
            names = "--poison-not-avro-rate",
            paramLabel = "P",
            description = "Extra records of bytes that are not Avro, per event.")
    Double poisonNotAvroRate;

    @Option(
            names = "--poison-unknown-schema-rate",
            paramLabel = "P",
            description = "Extra records framed with a schema id the registry does not know, per event.")
    Double poisonUnknownSchemaRate;

    @Option(
            names = "--poison-rule-rate",
            paramLabel = "P",
            description =
                    "Extra valid-Avro records that break a business rule (negative price, wrong order total), per event.")
    Double poisonRuleRate;

    @Option(names = "--no-faults", description = "Inject no faults at all (overrides every rate).")
    boolean noFaults;

    @Option(
            names = "--ledger",
            paramLabel = "DIR",
            description =
                    "Write ledger.jsonl and summary.json into DIR. Default: lakehouse.generator.ledger, else none.")
    Path ledger;

    @Option(
            names = "--progress",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Progress line interval (default 5s).")
    Duration progressEvery;

    @Spec
    CommandSpec spec;

    @Inject
    GeneratorService service;

    @Override
    public Integer call() {
        GeneratorConfig config = service.config();
        if (events == null && duration == null && to == null) {
            throw new ParameterException(spec.commandLine(), "say when to stop: --events N, --duration D or --to T");
        }
        long actualSeed = service.seed(seed);
        Instant start = realTime
                ? Instant.now().truncatedTo(ChronoUnit.MILLIS)
                : from != null
                        ? from
                        : LocalDate.now(ZoneOffset.UTC)
                                .minusDays(30)
                                .atStartOfDay(ZoneOffset.UTC)
                                .toInstant();
        GeneratorSettings settings = config.settings(actualSeed, start, faults(config.faults()));
        if (sessionsPerHour != null) {
            settings = settings.withSessionsPerHour(sessionsPerHour);
        } else if (realTime && rate > 0) {
            settings = settings.withSessionsPerHour(rate * 3600 / GeneratorService.EVENTS_PER_SESSION);
        }
        if (conversion != null || abandonment != null) {
            settings = settings.withFunnel(
                    conversion != null ? conversion : settings.conversionRate(),
                    abandonment != null ? abandonment : settings.cartAbandonmentRate());
        }
        Path ledgerDir = ledger != null ? ledger : config.ledger().map(Path::of).orElse(null);
        RunLimits limits = new RunLimits(events, duration, to, rate, realTime);
        Duration every = progressEvery != null ? progressEvery : config.progressInterval();

        System.out.printf(
                "generate: seed %d, simulated from %s%s, %s, faults %s%s%n",
                actualSeed,
                start,
                to == null ? "" : " to " + to,
                rate > 0 ? rate + " records/s" : "as fast as Kafka accepts",
                settings.faults().any() ? settings.faults() : "off",
                ledgerDir == null ? "" : ", ledger " + ledgerDir);
        GeneratorRun run =
                new GeneratorRun(settings, limits, service.newPublisher(), ledgerDir, GenerateCommand::progress, every);
        run.run();
        RunStatus end = run.status();
        progress(end);
        double mb = end.valueBytes() / 1e6;
        System.out.printf(
                Locale.ROOT,
                "done: %d records in %.2f s = %.0f records/s, %.2f MB/s; avg record %.1f bytes; %d sessions; "
                        + "simulated up to %s%n",
                end.records(),
                end.elapsedSeconds(),
                end.records() / end.elapsedSeconds(),
                mb / end.elapsedSeconds(),
                end.records() == 0 ? 0 : (double) end.valueBytes() / end.records(),
                end.sessions(),
                end.simulatedTime());
        if (run.summary() != null) {
            System.out.println(
                    "ledger: " + ledgerDir.resolve(Ledger.ENTRIES) + ", summary " + ledgerDir.resolve(Ledger.SUMMARY));
        }
        return run.state() == GeneratorRun.State.FAILED ? 1 : 0;
    }

    private FaultRates faults(GeneratorConfig.Faults defaults) {
        if (noFaults) {
            return FaultRates.none();
        }
        FaultRates d = defaults.rates();
        return new FaultRates(
                lateRate != null ? lateRate : d.late(),
                lateLag != null ? lateLag : d.lateLag(),
                outOfOrderRate != null ? outOfOrderRate : d.outOfOrder(),
                duplicateRate != null ? duplicateRate : d.duplicate(),
                poisonNotAvroRate != null ? poisonNotAvroRate : d.poisonNotAvro(),
                poisonUnknownSchemaRate != null ? poisonUnknownSchemaRate : d.poisonUnknownSchema(),
                poisonRuleRate != null ? poisonRuleRate : d.poisonBusinessRule());
    }

    private static void progress(RunStatus s) {
        System.out.printf(
                Locale.ROOT,
                "%8.1fs %,12d records %,10.0f/s %s simulated %s%n",
                s.elapsedSeconds(),
                s.records(),
                s.eventsPerSecond(),
                s.percentDone() == null ? "" : String.format(Locale.ROOT, "%5.1f%%", s.percentDone()),
                s.simulatedTime());
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default ->
                    throw new IllegalArgumentException("not a duration: " + value + " (try 30s, 5m, 2h, 1d or PT10M)");
            };
        }
    }

    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        }
    }
}
