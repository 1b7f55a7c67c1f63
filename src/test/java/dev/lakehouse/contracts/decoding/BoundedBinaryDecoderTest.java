package dev.lakehouse.contracts.decoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.events.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The bounded decoder reads what Avro's own decoder reads, and fails hostile bytes with their code. */
class BoundedBinaryDecoderTest {

    @Test
    void genuineRecordsDecodeToTheSameValuesAsAvrosBinaryDecoder() throws Exception {
        for (SampleEvents.Keyed sample : SampleEvents.oneOfEach()) {
            byte[] body = encode(sample.event());
            SpecificRecord ours = reader(sample.event().getSchema()).read(null, new BoundedBinaryDecoder(body));
            SpecificRecord avros = reader(sample.event().getSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(body, null));
            assertThat(ours).as(sample.domain().name()).isEqualTo(avros).isEqualTo(sample.event());
        }
    }

    @Test
    void sevenBytesDeclaringATwoGigabyteStringFailWithoutAllocating() {
        // {"type":"string"}: zig-zag varint of 2^31 - 9 (Avro's own limit is 2^31 - 9) then 2 bytes of body.
        byte[] record = new byte[7];
        int n = writeVarint(record, 0, ((long) Integer.MAX_VALUE - 8) << 1);
        record[n] = 'a';
        long freeBefore = Runtime.getRuntime().freeMemory();
        long started = System.nanoTime();
        assertThatThrownBy(() -> new BoundedBinaryDecoder(record).readString())
                .isInstanceOfSatisfying(
                        RejectedRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.LENGTH_BEYOND_RECORD));
        assertThat(System.nanoTime() - started).as("fails at once").isLessThan(1_000_000_000L);
        assertThat(freeBefore - Runtime.getRuntime().freeMemory())
                .as("no 2 GB allocated")
                .isLessThan(64L << 20);
    }

    @Test
    void truncationAtEveryOffsetFailsTruncatedOrLengthBeyondRecord() throws Exception {
        for (SampleEvents.Keyed sample : SampleEvents.oneOfEach()) {
            byte[] body = encode(sample.event());
            for (int cut = 0; cut < body.length; cut++) {
                int at = cut;
                assertThatThrownBy(() ->
                                reader(sample.event().getSchema()).read(null, new BoundedBinaryDecoder(body, 0, at)))
                        .as("%s cut at %d of %d", sample.domain(), at, body.length)
                        .isInstanceOfSatisfying(
                                RejectedRecordException.class,
                                e -> assertThat(e.reason())
                                        .isIn(RejectReason.TRUNCATED, RejectReason.LENGTH_BEYOND_RECORD));
            }
        }
    }

    @Test
    void invalidUtf8NegativeLengthsHugeBlockCountsAndBadBooleansHaveTheirCodes() {
        // A 2-byte string whose bytes are a broken 2-byte sequence (Avro would put U+FFFD there).
        assertThat(reason(() -> new BoundedBinaryDecoder(new byte[] {4, (byte) 0xC3, (byte) 0x28}).readString()))
                .isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(reason(() -> new BoundedBinaryDecoder(new byte[] {4, (byte) 0xC3, (byte) 0x28}).readString(null)))
                .isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(reason(() -> new BoundedBinaryDecoder(new byte[] {3}).readBytes(null)))
                .as("negative length")
                .isEqualTo(RejectReason.LENGTH_BEYOND_RECORD);
        byte[] hugeCount = new byte[10];
        writeVarint(hugeCount, 0, 1_000_000L << 1);
        assertThat(reason(() -> new BoundedBinaryDecoder(hugeCount).readArrayStart()))
                .isEqualTo(RejectReason.LENGTH_BEYOND_RECORD);
        assertThat(reason(() -> new BoundedBinaryDecoder(new byte[] {2}).readBoolean()))
                .isEqualTo(RejectReason.INVALID_AVRO);
        assertThat(reason(() -> new BoundedBinaryDecoder(new byte[] {(byte) 0x80, (byte) 0x80}).readLong()))
                .isEqualTo(RejectReason.TRUNCATED);
        byte[] overlong = new byte[11];
        java.util.Arrays.fill(overlong, (byte) 0xFF);
        assertThat(reason(() -> new BoundedBinaryDecoder(overlong).readLong())).isEqualTo(RejectReason.INVALID_AVRO);
    }

    @Test
    void smallBlocksOfZeroWidthItemsAreAllowedButTheirTotalIsBounded() {
        // 100 nulls in a 2-byte record: valid Avro (null takes no bytes), under the cap.
        byte[] hundredNulls = {(byte) 0xC8, 0x01, 0};
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(hundredNulls);
        assertThat(decoder.readArrayStart()).isEqualTo(100);
        assertThat(decoder.arrayNext()).isZero();
        assertThat(decoder.isEnd()).isTrue();
        // Many block headers of 4,000 zero-width items each: the running total stops them.
        List<Byte> bytes = new ArrayList<>();
        byte[] header = new byte[3];
        int n = writeVarint(header, 0, 4000L << 1);
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < n; j++) {
                bytes.add(header[j]);
            }
        }
        byte[] many = new byte[bytes.size()];
        for (int i = 0; i < many.length; i++) {
            many[i] = bytes.get(i);
        }
        BoundedBinaryDecoder flood = new BoundedBinaryDecoder(many);
        assertThat(reason(() -> {
                    flood.readArrayStart();
                    while (true) {
                        flood.arrayNext();
                    }
                }))
                .isEqualTo(RejectReason.LENGTH_BEYOND_RECORD);
    }

    @Test
    void frameCodes() {
        assertThat(reason(() -> ConfluentFrame.parse(null))).isEqualTo(RejectReason.TOMBSTONE);
        assertThat(reason(() -> ConfluentFrame.parse(new byte[0]))).isEqualTo(RejectReason.EMPTY_VALUE);
        assertThat(reason(() -> ConfluentFrame.parse(new byte[] {0, 0, 0, 1}))).isEqualTo(RejectReason.NOT_AVRO);
        assertThat(reason(() -> ConfluentFrame.parse("{\"json\":1}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(RejectReason.NOT_AVRO);
        ConfluentFrame frame = ConfluentFrame.parse(ByteBuffer.allocate(7)
                .put((byte) 0)
                .putInt(424_242)
                .put((byte) 2)
                .put((byte) 4)
                .array());
        assertThat(frame.schemaId()).isEqualTo(424_242);
        assertThat(frame.bodyDecoder().readInt()).isEqualTo(1);
        assertThat(frame.bodyLength()).isEqualTo(2);
    }

    private static RejectReason reason(Runnable action) {
        try {
            action.run();
        } catch (RejectedRecordException e) {
            return e.reason();
        }
        throw new AssertionError("no RejectedRecordException");
    }

    private static SpecificDatumReader<SpecificRecord> reader(Schema schema) {
        return new SpecificDatumReader<>(schema, schema, SpecificData.getForSchema(schema));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] encode(SpecificRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter(record.getSchema(), SpecificData.getForSchema(record.getSchema()))
                .write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static int writeVarint(byte[] into, int at, long zigzagged) {
        int i = at;
        while ((zigzagged & ~0x7FL) != 0) {
            into[i++] = (byte) ((zigzagged & 0x7F) | 0x80);
            zigzagged >>>= 7;
        }
        into[i++] = (byte) zigzagged;
        return i - at;
    }
}
