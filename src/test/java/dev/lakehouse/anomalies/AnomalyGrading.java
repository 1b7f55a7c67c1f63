package dev.lakehouse.anomalies;

import dev.lakehouse.generator.ledger.IncidentTruth;
import dev.lakehouse.generator.model.FaultRates;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.model.Incident;
import dev.lakehouse.generator.run.GeneratorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Grades {@link AnomalyDetector} against the simulation's truth. An incidents run plays the {@code incidents}
 * scenario (scenarios/incidents.properties: its kinds, offsets and durations, and the generator's default faults)
 * after an hour of ordinary traffic, so the detector has a baseline, starting at a random minute of a shop day;
 * its windows are the ledger's ({@link IncidentTruth#of}). An anomaly whose detection falls between an incident's
 * start and {@link #GRACE} after its end finds that incident; any other anomaly is a false alarm. A steady run plays
 * the {@code steady} scenario for whole simulated days and every anomaly is a false alarm. Pure simulation, no
 * Kafka: AnomalyGradingTest runs it on a few seeds, bench/anomalies/run.sh on many.
 */
public final class AnomalyGrading {

    static final Duration WARMUP = Duration.ofHours(1);
    /** A swarm's last visits finish minutes after its end, and figures settle back: alarms then are its own. */
    static final Duration GRACE = Duration.ofMinutes(5);
    /** The goal: every incident detected within 5 minutes of simulated time. */
    static final Duration GOAL = Duration.ofMinutes(5);

    static final Instant WEEK = Instant.parse("2026-11-02T00:00:00Z"); // a Monday

    /** One incident of one run: when the detector found it (null: never) and by which figures. */
    record Detection(String kind, Instant start, Instant end, Duration delay, List<String> figures) {}

    record IncidentsRun(long seed, Instant from, List<Detection> detections, int anomalies, int falseAlarms) {}

    private AnomalyGrading() {}

    /** Settings of a scenario file, as the generator role reads them (every default included). */
    static GeneratorSettings scenario(String name, long seed, Instant from) {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("scenarios", name + ".properties"))) {
            file.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> keys = new HashMap<>();
        file.forEach((k, v) -> keys.put((String) k, (String) v));
        var config = new io.smallrye.config.SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.PropertiesConfigSource(keys, name + ".properties", 100))
                .withMapping(GeneratorConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .build();
        GeneratorConfig generator = config.getConfigMapping(GeneratorConfig.class);
        FaultRates faults = generator.faults().rates();
        return generator.settings(seed, from, faults);
    }

    /** A shop day's start (08:00 to 21:00) or a night's (00:30 to 05:00), drawn from the seed, in one week. */
    static Instant start(long seed, boolean night) {
        SplittableRandom random = new SplittableRandom(seed);
        long day = random.nextInt(7);
        long minute = night ? 30 + random.nextInt(270) : 8 * 60 + random.nextInt(13 * 60);
        return WEEK.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(minute));
    }

    static IncidentsRun incidents(long seed, boolean night, AnomalyDetector detector) {
        Instant scenarioStart = start(seed, night);
        GeneratorSettings file = scenario("incidents", seed, scenarioStart.minus(WARMUP));
        List<Incident> shifted = file.incidents().stream()
                .map(i -> new Incident(i.kind(), i.start().plus(WARMUP), i.duration()))
                .toList();
        GeneratorSettings settings = file.withIncidents(shifted);
        List<IncidentTruth> truth = IncidentTruth.of(settings);
        Instant last = truth.stream()
                .map(t -> Instant.parse(t.end()))
                .max(Instant::compareTo)
                .orElseThrow();
        Duration length = Duration.between(settings.from(), last.plus(GRACE).plus(Duration.ofMinutes(5)));
        List<Anomaly> anomalies = detector.detect(SimulatedMinutes.run(settings, length));
        List<Detection> detections = new ArrayList<>();
        int matched = 0;
        boolean[] isTrue = new boolean[anomalies.size()];
        for (IncidentTruth t : truth) {
            Instant start = Instant.parse(t.start());
            Instant end = Instant.parse(t.end());
            Duration delay = null;
            TreeSet<String> figures = new TreeSet<>();
            for (int i = 0; i < anomalies.size(); i++) {
                Anomaly a = anomalies.get(i);
                if (a.detectedAt().isAfter(start) && !a.detectedAt().isAfter(end.plus(GRACE))) {
                    isTrue[i] = true;
                    figures.add(a.figure().id());
                    Duration d = Duration.between(start, a.detectedAt());
                    delay = delay == null || d.compareTo(delay) < 0 ? d : delay;
                }
            }
            detections.add(new Detection(t.kind(), start, end, delay, List.copyOf(figures)));
        }
        for (boolean b : isTrue) {
            matched += b ? 1 : 0;
        }
        return new IncidentsRun(seed, settings.from(), detections, anomalies.size(), anomalies.size() - matched);
    }

    /** The anomalies of whole simulated days of the steady scenario: every one is a false alarm. */
    static List<Anomaly> steady(long seed, int days, AnomalyDetector detector) {
        GeneratorSettings settings = scenario("steady", seed, WEEK.plus(Duration.ofDays(seed % 7)));
        return detector.detect(SimulatedMinutes.run(settings, Duration.ofDays(days)));
    }

    /** Per kind of incident: how many, how many found, how many within the goal, and the delays of those found. */
    record KindFigures(int incidents, int detected, int withinGoal, List<Long> delaySeconds, Map<String, Integer> by) {
        double recall() {
            return incidents == 0 ? 0 : (double) detected / incidents;
        }

        double withinGoalShare() {
            return incidents == 0 ? 0 : (double) withinGoal / incidents;
        }

        long medianDelaySeconds() {
            return delaySeconds.isEmpty()
                    ? -1
                    : delaySeconds.stream().sorted().toList().get(delaySeconds.size() / 2);
        }

        long maxDelaySeconds() {
            return delaySeconds.stream().mapToLong(Long::longValue).max().orElse(-1);
        }
    }

    static Map<String, KindFigures> byKind(List<IncidentsRun> runs) {
        Map<String, KindFigures> out = new LinkedHashMap<>();
        for (IncidentsRun run : runs) {
            for (Detection d : run.detections()) {
                KindFigures k = out.computeIfAbsent(
                        d.kind(), x -> new KindFigures(0, 0, 0, new ArrayList<>(), new java.util.TreeMap<>()));
                boolean found = d.delay() != null;
                boolean inTime = found && d.delay().compareTo(GOAL) <= 0;
                if (found) {
                    k.delaySeconds().add(d.delay().toSeconds());
                    d.figures().forEach(f -> k.by().merge(f, 1, Integer::sum));
                }
                out.put(
                        d.kind(),
                        new KindFigures(
                                k.incidents() + 1,
                                k.detected() + (found ? 1 : 0),
                                k.withinGoal() + (inTime ? 1 : 0),
                                k.delaySeconds(),
                                k.by()));
            }
        }
        return out;
    }

    static double precision(List<IncidentsRun> runs) {
        int all = runs.stream().mapToInt(IncidentsRun::anomalies).sum();
        int falseAlarms = runs.stream().mapToInt(IncidentsRun::falseAlarms).sum();
        return all == 0 ? 0 : (double) (all - falseAlarms) / all;
    }

    /**
     * bench/anomalies/run.sh: {@code RUNS FIRST_SEED STEADY_DAYS OUT FULL_RUN}. Grades RUNS daytime and RUNS / 4
     * night incidents runs and STEADY_DAYS steady days (in runs of a week), writes the figures as JSON to OUT.
     */
    public static void main(String[] args) throws IOException {
        int runs = Integer.parseInt(args[0]);
        long firstSeed = Long.parseLong(args[1]);
        int steadyDays = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        boolean fullRun = Boolean.parseBoolean(args[4]);
        long began = System.nanoTime();
        AnomalyDetector detector = new AnomalyDetector();
        List<IncidentsRun> day = new ArrayList<>();
        List<IncidentsRun> night = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            day.add(incidents(firstSeed + i, false, detector));
            if (i % 4 == 0) {
                night.add(incidents(firstSeed + i, true, detector));
            }
        }
        Map<String, Integer> steadyByFigure = new java.util.TreeMap<>();
        int steadyAlarms = 0;
        for (int done = 0, s = 0; done < steadyDays; s++) {
            int days = Math.min(7, steadyDays - done);
            for (Anomaly a : steady(firstSeed + s, days, detector)) {
                steadyAlarms++;
                steadyByFigure.merge(a.figure().id(), 1, Integer::sum);
            }
            done += days;
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        StringBuilder json = new StringBuilder("{\n");
        field(json, "full_run", fullRun);
        field(json, "runs", runs);
        field(json, "first_seed", firstSeed);
        field(json, "night_runs", night.size());
        field(json, "steady_days", steadyDays);
        AnomalyDetector.Settings d = detector.settings();
        field(
                json,
                "detector",
                String.format(
                        Locale.ROOT,
                        "quasi-Poisson tail < %s over %s-minute windows against the %d minutes before",
                        d.maxPValue(),
                        java.util.Arrays.toString(d.scales()),
                        d.baselineMinutes()));
        field(json, "grace_seconds", GRACE.toSeconds());
        field(json, "goal_delay_seconds", GOAL.toSeconds());
        json.append(" \"day\": ").append(figures(day)).append(",\n");
        json.append(" \"night\": ").append(figures(night)).append(",\n");
        field(json, "steady_false_alarms", steadyAlarms);
        field(
                json,
                "steady_false_alarms_per_day",
                String.format(Locale.ROOT, "%.3f", (double) steadyAlarms / steadyDays),
                true);
        json.append(" \"steady_false_alarms_by_figure\": ")
                .append(map(steadyByFigure))
                .append(",\n");
        json.append(" \"seconds\": ")
                .append(String.format(Locale.ROOT, "%.1f", seconds))
                .append("\n}\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json);
        System.out.print(json);
    }

    private static String figures(List<IncidentsRun> runs) {
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"precision\": ")
                .append(String.format(Locale.ROOT, "%.4f", precision(runs)))
                .append(",\n");
        s.append("  \"false_alarms\": ")
                .append(runs.stream().mapToInt(IncidentsRun::falseAlarms).sum())
                .append(",\n  \"incidents\": {\n");
        List<String> kinds = new ArrayList<>();
        byKind(runs)
                .forEach((kind, k) -> kinds.add(String.format(
                        Locale.ROOT,
                        "   \"%s\": {\"incidents\": %d, \"recall\": %.4f, \"within_goal\": %.4f, \"median_delay_seconds\": %d, "
                                + "\"max_delay_seconds\": %d, \"found_by\": %s}",
                        kind,
                        k.incidents(),
                        k.recall(),
                        k.withinGoalShare(),
                        k.medianDelaySeconds(),
                        k.maxDelaySeconds(),
                        map(k.by()))));
        s.append(String.join(",\n", kinds)).append("\n  }\n }");
        return s.toString();
    }

    private static String map(Map<String, Integer> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add("\"" + k + "\": " + v));
        return "{" + String.join(", ", parts) + "}";
    }

    private static void field(StringBuilder json, String name, Object value) {
        field(json, name, value, false);
    }

    private static void field(StringBuilder json, String name, Object value, boolean raw) {
        String v = value instanceof String && !raw ? "\"" + value + "\"" : String.valueOf(value);
        json.append(" \"").append(name).append("\": ").append(v).append(",\n");
    }
}
