import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.simulation.Simulation;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes S of the first N records of a generator stream (default shop, given seed and start;
 * every (N/S)th, so the mix of event types is the whole run's) as a ProducerPerformance
 * --payload-file: the baseline then sends what the generator sends, at the same sizes and
 * about as compressible, instead of random letters.
 *
 * ProducerPerformance reads that file as UTF-8 text split at newlines, so Avro's binary bytes
 * cannot go in as they are: bytes above 0x7F are folded to 7 bits and newlines become 0x0B.
 * Lengths stay exact and the text inside the records (ids, URLs, names) stays as it is; only
 * varints and the 5-byte frame change, which barely moves the lz4 ratio (run.sh prints the
 * stored bytes per record of both sides to show it).
 *
 * Usage (single-file source launch): java -cp APP_CLASSPATH PayloadSample.java SEED FROM(yyyy-mm-dd) N S OUT
 */
public class PayloadSample {

    public static void main(String[] args) throws IOException {
        long seed = Long.parseLong(args[0]);
        Instant from = LocalDate.parse(args[1]).atStartOfDay(ZoneOffset.UTC).toInstant();
        long records = Long.parseLong(args[2]);
        int samples = Integer.parseInt(args[3]);
        long stride = Math.max(1, records / samples);
        Simulation simulation = new Simulation(GeneratorSettings.defaults(seed, from));
        ByteArrayOutputStream record = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder = null;
        long bytes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[4])))) {
            for (long i = 0; i < stride * samples; i++) {
                Emission e = simulation.next();
                if (i % stride != 0) {
                    continue;
                }
                Schema schema = e.event().getSchema();
                record.reset();
                record.write(new byte[] {0, 0, 0, 0, (byte) (1 + e.domain().ordinal())});  // magic byte and a schema id
                encoder = EncoderFactory.get().binaryEncoder(record, encoder);
                new SpecificDatumWriter<SpecificRecord>(schema, SpecificData.getForSchema(schema)).write(e.event(), encoder);
                encoder.flush();
                byte[] value = record.toByteArray();
                for (int j = 0; j < value.length; j++) {
                    byte b = (byte) (value[j] & 0x7F);
                    value[j] = b == '\n' ? 0x0B : b;
                }
                out.write(value);
                out.write('\n');
                bytes += value.length;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "%d payloads, avg %.1f bytes%n", samples, (double) bytes / samples);
    }
}
