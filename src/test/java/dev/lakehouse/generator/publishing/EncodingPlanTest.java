package dev.lakehouse.generator.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.events.common.Money;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.generator.faults.FaultInjectionTest;
import dev.lakehouse.generator.model.CapturingSink;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.GeneratorSettings;
import dev.lakehouse.generator.run.GeneratorRun;
import dev.lakehouse.generator.run.RunLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The planned encoding writes exactly Avro's bytes, and names the field it cannot encode. */
class EncodingPlanTest {

    @Test
    void writesTheSameBytesAsAvrosWriterForEveryKindOfEvent() throws IOException {
        // Faults included: business-rule poison records are valid Avro with odd values (negative prices, wrong totals).
        GeneratorSettings settings = GeneratorSettings.defaults(11, Instant.parse("2026-11-02T00:00:00Z"))
                .withFaults(FaultInjectionTest.RATES);
        CapturingSink sink = new CapturingSink();
        new GeneratorRun(settings, RunLimits.records(100_000), sink, null, null, java.time.Duration.ofDays(1)).run();

        Map<Schema, EncodingPlan.Writer> plans = new IdentityHashMap<>();
        Map<Schema, SpecificDatumWriter<SpecificRecord>> avro = new IdentityHashMap<>();
        Map<String, Integer> comparedPerType = new TreeMap<>();
        for (Emission e : sink.sent) {
            if (e.isRaw()) {
                continue;
            }
            Schema schema = e.event().getSchema();
            byte[] expected = encode(e.event(), avro.computeIfAbsent(schema, SpecificDatumWriter::new)::write);
            byte[] actual = encode(
                    e.event(),
                    plans.computeIfAbsent(schema, s -> EncodingPlan.of(s, SpecificData.getForSchema(s)))::write);
            if (!Arrays.equals(expected, actual)) {
                throw new AssertionError("bytes differ for " + e);
            }
            comparedPerType.merge(e.type(), 1, Integer::sum);
        }
        assertThat(comparedPerType).as("events compared per type").hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        OrderEvent event = OrderEvent.newBuilder()
                .setEventId("e-1")
                .setEventTime(Instant.EPOCH)
                .setOrderId("o-1")
                .setCustomerId("c-1")
                .setPayload(new dev.lakehouse.events.orders.OrderPaid(
                        "pay-1",
                        dev.lakehouse.events.orders.PaymentMethod.CARD,
                        new Money(new java.math.BigDecimal("9.99"), "EUR")))
                .build();
        event.setCustomerId(null);
        EncodingPlan.Writer writer = EncodingPlan.of(event.getSchema(), SpecificData.getForSchema(event.getSchema()));
        assertThatThrownBy(() -> encode(event, writer::write))
                .isInstanceOf(AvroRuntimeException.class)
                .hasMessageContaining("dev.lakehouse.events.orders.OrderEvent.customer_id");
    }

    private interface Write {
        void write(SpecificRecord record, BinaryEncoder out) throws IOException;
    }

    private static byte[] encode(SpecificRecord record, Write write) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
        write.write(record, out);
        out.flush();
        return bytes.toByteArray();
    }
}
