package dev.lakehouse.spark.decoding;

import dev.lakehouse.contracts.topics.Domain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The current reader schemas, read from the contracts the build copied out of {@code src/main/avro}. The shared
 * named types go first into the same parser, because the domain files refer to them by full name.
 */
public final class ReaderSchemas {
    private static final List<String> COMMON = List.of("common/Money.avsc", "common/SessionContext.avsc");
    private static volatile Map<Domain, Schema> cache;

    private ReaderSchemas() {}

    public static Schema of(Domain domain) {
        return all().get(domain);
    }

    public static Map<Domain, Schema> all() {
        Map<Domain, Schema> c = cache;
        if (c == null) {
            synchronized (ReaderSchemas.class) {
                if (cache == null) {
                    cache = load();
                }
                c = cache;
            }
        }
        return c;
    }

    private static Map<Domain, Schema> load() {
        Map<Domain, Schema> out = new EnumMap<>(Domain.class);
        for (Domain d : Domain.values()) {
            // A parser per domain: each domain file re-declares nothing, but sharing one parser across domains
            // would reject the second definition of a name if two domains ever inlined the same type.
            Schema.Parser parser = new Schema.Parser();
            for (String common : COMMON) {
                parse(parser, common);
            }
            out.put(d, parse(parser, d.schemaFile()));
        }
        return out;
    }

    private static Schema parse(Schema.Parser parser, String file) {
        String path = "/avro/" + file;
        try (InputStream in = ReaderSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("contract " + path
                        + " is not on the classpath; build spark-jobs with Maven so " + "src/main/avro is copied in");
            }
            return parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
