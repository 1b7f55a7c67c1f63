package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.e2e.HostileRecords.Genuine;
import dev.lakehouse.e2e.HostileRecords.Hostile;
import dev.lakehouse.e2e.HostileRecords.Kind;
import dev.lakehouse.events.EventSchemas;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fuzz campaign's factory, checked on its own (no stack): a full campaign over genuine records built with the
 * generator has every class on every topic, and each mutant is what its class claims: every bit-flip mutant is
 * rejected by plain Avro, cuts are shorter, inflated lengths exceed the record, the decodable classes decode with
 * plain Avro and carry the out-of-contract value.
 */
class HostileRecordsTest {

    static final Map<Domain, Integer> IDS = new EnumMap<>(Map.of(
            Domain.CLICKSTREAM, 11, Domain.ORDERS, 12, Domain.INVENTORY, 13, Domain.CUSTOMERS, 14, Domain.CATALOG, 15));
    static List<Genuine> genuine;
    static HostileRecords factory;
    static List<Hostile> campaign;

    @BeforeAll
    static void aFullCampaign() {
        genuine = HostileRecords.fromGenerator(7, 200, IDS);
        factory = new HostileRecords(13, genuine);
        campaign = factory.campaign(1.0);
    }

    @Test
    void everyClassOnEveryTopicAndOverTenThousandRecords() {
        assertThat(campaign.size()).isGreaterThanOrEqualTo(10_000);
        for (Domain d : Domain.values()) {
            for (Kind k : Kind.values()) {
                if (k == Kind.MONEY_TOO_WIDE && (d == Domain.CUSTOMERS || d == Domain.INVENTORY)) {
                    continue; // no money in these domains' events
                }
                assertThat(campaign)
                        .as("%s on %s", k, d.rawTopic())
                        .anyMatch(h -> h.kind() == k && h.topic().equals(d.rawTopic()));
            }
        }
        assertThat(campaign.stream().map(Hostile::caseId)).as("case ids").doesNotHaveDuplicates();
    }

    @Test
    void everyBitFlipMutantIsRejectedByPlainAvro() {
        List<Hostile> flips =
                campaign.stream().filter(h -> h.kind() == Kind.BIT_FLIP).toList();
        assertThat(flips).hasSize(4_500);
        for (Hostile h : flips) {
            Domain d = Domain.ofRawTopic(h.topic()).orElseThrow();
            assertThat(HostileRecords.plainAvroAccepts(EventSchemas.of(d), h.value()))
                    .as("plain Avro accepts %s", h.caseId())
                    .isFalse();
            assertThat(h.value()[0]).as("frame kept").isZero();
            assertThat(ByteBuffer.wrap(h.value(), 1, 4).getInt())
                    .as("schema id kept")
                    .isEqualTo(IDS.get(d));
        }
        assertThat(factory.bitFlipsDiscarded())
                .as("mutants plain Avro accepted (discarded)")
                .isPositive();
        assertThat(factory.bitFlipsTried()).isEqualTo(flips.size() + factory.bitFlipsDiscarded());
        // And the check itself accepts what it must: every genuine record.
        assertThat(genuine).allMatch(g -> HostileRecords.plainAvroAccepts(EventSchemas.of(g.domain()), g.value()));
    }

    @Test
    void eachMutantIsWhatItsClassSays() throws Exception {
        for (Hostile h : campaign) {
            Domain d = Domain.ofRawTopic(h.topic()).orElseThrow();
            byte[] v = h.value();
            switch (h.kind()) {
                case TRUNCATED -> {
                    assertThat(v.length).isGreaterThanOrEqualTo(HostileRecords.FRAME);
                    assertThat(HostileRecords.plainAvroAccepts(EventSchemas.of(d), v))
                            .as("%s decodes", h.caseId())
                            .isFalse();
                }
                case INFLATED_LENGTH -> {
                    long declared = HostileRecords.Bytes.readZigZag(v, HostileRecords.FRAME);
                    int remaining = v.length
                            - HostileRecords.FRAME
                            - HostileRecords.Bytes.varintLength(v, HostileRecords.FRAME);
                    assertThat(declared < 0 || declared > remaining)
                            .as("%s declares %d of %d", h.caseId(), declared, remaining)
                            .isTrue();
                }
                case OTHER_TOPIC_SCHEMA ->
                    assertThat(ByteBuffer.wrap(v, 1, 4).getInt())
                            .isIn(IDS.values())
                            .isNotEqualTo(IDS.get(d));
                case UNREGISTERED_SCHEMA_ID ->
                    assertThat(ByteBuffer.wrap(v, 1, 4).getInt()).isNotIn(IDS.values());
                case NOT_AVRO -> assertThat(v.length < 5 || v[0] != 0).isTrue();
                case EMPTY_VALUE -> assertThat(v).isEmpty();
                case TOMBSTONE -> assertThat(v).isNull();
                case INVALID_UTF8 -> {
                    // Plain Avro takes it (it replaces bad bytes): only a UTF-8 check finds it.
                    assertThat(HostileRecords.plainAvroAccepts(EventSchemas.of(d), v))
                            .isTrue();
                    byte[] id = java.util.Arrays.copyOfRange(v, HostileRecords.FRAME + 1, HostileRecords.FRAME + 37);
                    assertThat(isUtf8(id))
                            .as("%s event id is valid UTF-8", h.caseId())
                            .isFalse();
                }
                case EVENT_TIME_SECONDS, EVENT_TIME_NANOSECONDS, EVENT_TIME_FAR_PAST, EVENT_TIME_FAR_FUTURE -> {
                    long t = (Long) decoded(d, v).get("event_time");
                    assertThat(t < HostileRecords.SANE_FROM || t >= HostileRecords.SANE_UNTIL)
                            .as("%s at %d", h.caseId(), t)
                            .isTrue();
                }
                case MONEY_TOO_WIDE -> {
                    List<BigInteger> unscaled = new ArrayList<>();
                    collectUnscaled(decoded(d, v), unscaled);
                    assertThat(unscaled).as("%s amounts", h.caseId()).anyMatch(u -> new BigDecimal(u).precision() > 12);
                }
                case MISSING_KEY -> {
                    assertThat(h.key() == null || h.key().length == 0).isTrue();
                    decoded(d, v);
                }
                case RECORD_TOO_LARGE ->
                    assertThat(v.length).isGreaterThan(1_000_000).isLessThan(1_040_000);
                case BIT_FLIP -> {}
            }
            if (h.kind() != Kind.MISSING_KEY) {
                assertThat(h.key())
                        .as("%s is keyed (the key check comes before any other)", h.caseId())
                        .isNotEmpty();
            }
        }
    }

    private static GenericRecord decoded(Domain d, byte[] v) {
        assertThat(HostileRecords.plainAvroAccepts(EventSchemas.of(d), v))
                .as("decodable with plain Avro")
                .isTrue();
        return HostileRecords.decode(new Genuine(d, "k", v));
    }

    private static void collectUnscaled(Object value, List<BigInteger> out) {
        if (value instanceof GenericRecord r) {
            for (org.apache.avro.Schema.Field f : r.getSchema().getFields()) {
                Object v = r.get(f.pos());
                if (v instanceof ByteBuffer b && f.schema().getLogicalType() != null) {
                    byte[] bytes = new byte[b.remaining()];
                    b.duplicate().get(bytes);
                    out.add(new BigInteger(bytes));
                } else {
                    collectUnscaled(v, out);
                }
            }
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectUnscaled(v, out));
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
