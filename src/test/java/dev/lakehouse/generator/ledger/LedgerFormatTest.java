package dev.lakehouse.generator.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ledger's hand-written formatting says exactly what Instant.toString and Jackson said before. */
class LedgerFormatTest {

    @Test
    void instantsReadAsInstantToString() {
        SplittableRandom random = new SplittableRandom(1);
        long[] edges = {-62_167_219_201L, -62_167_219_200L, -1, 0, 253_402_300_799L, 253_402_300_800L};
        for (long second : edges) {
            for (int nanos : new int[] {0, 1, 1000, 1_000_000, 120_000_000, 999_999_999}) {
                Instant t = Instant.ofEpochSecond(second, nanos);
                assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
            }
        }
        for (int i = 0; i < 200_000; i++) {
            int kind = random.nextInt(4);
            int nanos = kind == 0
                    ? 0
                    : kind == 1
                            ? random.nextInt(1000) * 1_000_000
                            : kind == 2 ? random.nextInt(1_000_000) * 1000 : random.nextInt(1_000_000_000);
            Instant t = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L), nanos);
            assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void linesReadAsJacksonWroteThem() throws Exception {
        SplittableRandom random = new SplittableRandom(2);
        JsonLine line = new JsonLine();
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < 20_000; i++) {
            String value = i % 50 == 0 ? null : randomText(random);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (JsonGenerator json = mapper.getFactory().createGenerator(expected, JsonEncoding.UTF8)) {
                json.writeStartObject();
                json.writeNumberField("seq", i);
                json.writeStringField("value", value);
                json.writeEndObject();
                json.writeRaw('\n');
            }
            String actual = line.start().number("seq", i).string("value", value).end();
            assertThat(actual.getBytes(StandardCharsets.UTF_8))
                    .as("line for %s", value)
                    .isEqualTo(expected.toByteArray());
        }
    }

    /** Control characters, quotes and slashes, Latin-1, CJK and plain ASCII. */
    private static String randomText(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            text.append(
                    switch (random.nextInt(5)) {
                        case 0 -> (char) random.nextInt(0x20);
                        case 1 -> "\"\\/".charAt(random.nextInt(3));
                        case 2 -> (char) (0x7F + random.nextInt(0x200));
                        case 3 -> (char) (0x4E00 + random.nextInt(100));
                        default -> (char) (0x20 + random.nextInt(0x5F));
                    });
        }
        return text.toString();
    }
}
