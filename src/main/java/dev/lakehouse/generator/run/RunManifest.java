package dev.lakehouse.generator.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lakehouse.generator.model.Experiment;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.model.Tastes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code run.json} beside a ledger: which stream the ledger records, so that a restarted process knows
 * whether it may go on with it. A backfill is one deterministic stream (its settings, seed and start
 * included); a real-time run is a list of segments, one per process, each a stream of its own from the
 * moment that process started.
 *
 * @param mode     "backfill" or "real-time"
 * @param stream   the settings that fix the stream: all of them for a backfill, all but the start time and
 *                 the visit rate for a real-time run
 * @param segments one per process that sent into this ledger
 */
record RunManifest(
        @JsonProperty("mode") String mode,
        @JsonProperty("stream") String stream,
        @JsonProperty("segments") List<Segment> segments) {

    static final String FILE = "run.json";
    static final String BACKFILL = "backfill";
    static final String REAL_TIME = "real-time";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param seed     the seed this segment's simulation ran with
     * @param from     simulated time of its first event
     * @param firstSeq the ledger seq of its first record
     */
    record Segment(
            @JsonProperty("seed") long seed,
            @JsonProperty("from") String from,
            @JsonProperty("firstSeq") long firstSeq) {}

    static String mode(boolean realTime) {
        return realTime ? REAL_TIME : BACKFILL;
    }

    static String stream(GeneratorSettings settings, boolean realTime) {
        String stream = realTime
                ? settings.withFrom(Instant.EPOCH).withSessionsPerHour(1).toString()
                : settings.toString();
        // Without an experiment or incidents the stream is the one of a generator that had none: its ledgers
        // still resume.
        if (!settings.tastes().on()) {
            stream = stream.replace(", tastes=" + Tastes.OFF, "");
        }
        if (settings.incidents().isEmpty()) {
            stream = stream.replace(", incidents=[]", "");
        }
        return settings.experiment().on() ? stream : stream.replace(", experiment=" + Experiment.OFF, "");
    }

    RunManifest withSegment(Segment segment) {
        List<Segment> all = new ArrayList<>(segments);
        all.add(segment);
        return new RunManifest(mode, stream, all);
    }

    /**
     * The seed of a real-time run's n-th segment (0: the configured seed). Split, not seed + n: a
     * SplittableRandom seeded with a neighbouring value replays a shifted copy of the same sequence,
     * and a segment must not repeat the ids of an earlier one.
     */
    static long segmentSeed(long seed, int segment) {
        if (segment == 0) {
            return seed;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < segment; i++) {
            random = random.split();
        }
        return random.nextLong(1, Long.MAX_VALUE);
    }

    /** The manifest in {@code dir}, or null when there is none (or it cannot be read: then the ledger is not resumable). */
    static RunManifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), RunManifest.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Written to a temporary file and renamed over the old one: a kill leaves the old manifest or the new one. */
    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run manifest in " + dir, e);
        }
    }
}
