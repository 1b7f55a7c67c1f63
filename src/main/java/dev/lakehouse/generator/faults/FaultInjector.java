package dev.lakehouse.generator.faults;

import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.events.catalog.PriceChanged;
import dev.lakehouse.events.common.Money;
import dev.lakehouse.events.orders.OrderEvent;
import dev.lakehouse.events.orders.OrderLine;
import dev.lakehouse.events.orders.OrderPlaced;
import dev.lakehouse.generator.model.Emission;
import dev.lakehouse.generator.model.Fault;
import dev.lakehouse.generator.model.FaultRates;
import dev.lakehouse.generator.model.Ids;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns the simulation's clean stream into what a real, imperfect producer fleet sends: some
 * events late, some out of order, some twice, and some records that are poison. It has its own
 * seeded generator, so faults are as reproducible as the events, and switching faults off leaves
 * the clean stream exactly as it was.
 */
public final class FaultInjector implements Supplier<Emission> {

    /** Schema ids at or above this are never handed out by a registry this project runs. */
    public static final int UNKNOWN_SCHEMA_ID_BASE = 0x7F000000;

    private record Held(long releaseAt, Emission emission) {}

    private final Supplier<Emission> source;
    private final FaultRates rates;
    private final SplittableRandom random;
    private final ArrayDeque<Emission> ready = new ArrayDeque<>();
    private final List<Held> held = new ArrayList<>();
    private long taken;
    private String lastProductId = "p-unknown";
    private String lastCustomerId = "c-unknown";
    private Instant lastTime = Instant.EPOCH;
    private final String currency;

    public FaultInjector(Supplier<Emission> source, FaultRates rates, long seed, String currency) {
        this.source = source;
        this.rates = rates;
        this.currency = currency;
        // split(), not an arithmetic variant of the seed: SplittableRandom steps its state by a fixed
        // gamma, so seed-derived states can replay another seed's sequence shifted by a few draws.
        this.random = new SplittableRandom(seed).split();
    }

    @Override
    public Emission get() {
        while (ready.isEmpty()) {
            pull();
        }
        return ready.poll();
    }

    private void pull() {
        Emission e = source.get();
        taken++;
        remember(e);
        if (!rates.any()) {
            ready.add(e);
            return;
        }
        poison(Fault.POISON_NOT_AVRO);
        poison(Fault.POISON_UNKNOWN_SCHEMA);
        poison(Fault.POISON_BUSINESS_RULE);
        if (random.nextDouble() < rates.late()) {
            // Sent now, but stamped well behind the clock: as if a device buffered it offline.
            long lag = rates.lateLag().toMillis();
            Instant late = e.eventTime().minusMillis(lag + (long) (random.nextDouble() * lag));
            SpecificRecord copy = SpecificData.getForSchema(e.event().getSchema())
                    .deepCopy(e.event().getSchema(), e.event());
            copy.put(copy.getSchema().getField("event_time").pos(), late);
            e = e.withEvent(copy, late, Fault.LATE);
        }
        boolean holdBack = e.fault() == null && random.nextDouble() < rates.outOfOrder();
        if (holdBack) {
            held.add(new Held(taken + 1 + random.nextInt(50), e.withFault(Fault.OUT_OF_ORDER)));
        } else {
            ready.add(e);
        }
        if (!holdBack && random.nextDouble() < rates.duplicate()) {
            held.add(new Held(taken + random.nextInt(20), e.withFault(Fault.DUPLICATE)));
        }
        release();
    }

    private void release() {
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.releaseAt <= taken) {
                ready.add(h.emission);
                it.remove();
            }
        }
    }

    private void remember(Emission e) {
        lastTime = e.eventTime();
        switch (e.domain()) {
            case CATALOG, INVENTORY -> lastProductId = e.key();
            case ORDERS, CUSTOMERS -> lastCustomerId = e.key();
            default -> {}
        }
    }

    /** Sends {@code count} poison records now, the three kinds in turn (a scenario's poison burst). */
    public void burst(int count) {
        Fault[] kinds = {Fault.POISON_NOT_AVRO, Fault.POISON_UNKNOWN_SCHEMA, Fault.POISON_BUSINESS_RULE};
        for (int i = 0; i < count; i++) {
            inject(kinds[i % kinds.length]);
        }
    }

    private void poison(Fault fault) {
        if (random.nextDouble() < rates.rateOf(fault)) {
            inject(fault);
        }
    }

    private void inject(Fault fault) {
        String id = Ids.uuid(random);
        Domain domain = Domain.values()[random.nextInt(Domain.values().length)];
        switch (fault) {
            case POISON_NOT_AVRO -> {
                // What a misconfigured producer sends: JSON text, or garbage. Never starts with the magic byte 0.
                byte[] bytes = random.nextBoolean()
                        ? ("{\"event_id\":\"" + id + "\",\"note\":\"json, not avro\"}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                        : randomBytes(8 + random.nextInt(120));
                bytes[0] = bytes[0] == 0 ? (byte) 0x7B : bytes[0];
                ready.add(new Emission(domain, id, id, "NotAvro", lastTime, null, bytes, null, null, fault));
            }
            case POISON_UNKNOWN_SCHEMA -> {
                byte[] body = randomBytes(16 + random.nextInt(200));
                ByteBuffer framed = ByteBuffer.allocate(5 + body.length);
                framed.put((byte) 0)
                        .putInt(UNKNOWN_SCHEMA_ID_BASE + random.nextInt(0xFFFFFF))
                        .put(body);
                ready.add(new Emission(
                        domain, id, id, "UnknownSchema", lastTime, null, framed.array(), null, null, fault));
            }
            case POISON_BUSINESS_RULE -> ready.add(ruleBreaker(id));
            default -> throw new IllegalStateException(fault.name());
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Valid Avro, registered schema, wrong content: a negative price, or an order whose total is not its lines'. */
    private Emission ruleBreaker(String id) {
        Instant time = lastTime;
        if (random.nextBoolean()) {
            Money old = eur("19.99");
            Money negative = eur("-" + (1 + random.nextInt(50)) + ".99");
            var event = new CatalogEvent(id, time, 1, lastProductId, new PriceChanged(old, negative, "promotion"));
            return new Emission(
                    Domain.CATALOG,
                    lastProductId,
                    id,
                    "PriceChanged",
                    time,
                    event,
                    null,
                    negative.getAmount(),
                    currency,
                    Fault.POISON_BUSINESS_RULE);
        }
        Money line = eur("25.00");
        Money wrongTotal = eur((60 + random.nextInt(40)) + ".00");
        var payload = new OrderPlaced(
                null,
                List.of(new OrderLine(1, lastProductId, 1, line, line)),
                line,
                eur("0.00"),
                eur("0.00"),
                wrongTotal,
                "DE");
        var event = new OrderEvent(id, time, 1, "o-" + id, lastCustomerId, payload);
        return new Emission(
                Domain.ORDERS,
                lastCustomerId,
                id,
                "OrderPlaced",
                time,
                event,
                null,
                wrongTotal.getAmount(),
                currency,
                Fault.POISON_BUSINESS_RULE);
    }

    private Money eur(String amount) {
        return new Money(new BigDecimal(amount), currency);
    }
}
