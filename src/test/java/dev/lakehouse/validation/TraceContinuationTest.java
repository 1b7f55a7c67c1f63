package dev.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.SampleEvents;
import dev.lakehouse.events.catalog.CatalogEvent;
import dev.lakehouse.testing.KafkaTestClients;
import dev.lakehouse.testing.LocalStackResource;
import dev.lakehouse.validation.rules.RuleSet;
import dev.lakehouse.validation.state.CatalogState;
import dev.lakehouse.validation.state.DuplicateFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The trace a producer started goes on through the validator: same trace id, a new child span. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TraceContinuationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN = "00f067aa0ba902b7";

    @Test
    void theValidatedRecordCarriesAChildSpanOfTheProducersTrace() throws Exception {
        List<SampleEvents.Keyed> samples = SampleEvents.oneOfEach();
        CatalogState catalog = new CatalogState();
        samples.subList(0, 2).forEach(s -> catalog.apply((CatalogEvent) s.event()));
        SampleEvents.Keyed order = SampleEvents.first(samples, Domain.ORDERS);
        byte[] value = KafkaTestClients.avroSerializer().serialize(Domain.ORDERS.rawTopic(), order.event());

        OpenTelemetry telemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        RecordRouter router = new RecordRouter(
                new EventDecoder(new SchemaRegistryLookup(LocalStackResource.REGISTRY_CCOMPAT)),
                RuleSet.all(catalog, Clock.systemUTC(), Duration.ofMinutes(5)),
                new DuplicateFilter(Duration.ofHours(1), 100),
                Clock.systemUTC(),
                telemetry);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", ("00-" + TRACE_ID + "-" + PRODUCER_SPAN + "-01").getBytes(StandardCharsets.UTF_8));

        RecordRouter.Routed routed = router.route(new ConsumerRecord<>(
                Domain.ORDERS.rawTopic(),
                0,
                42L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                value.length,
                order.key().getBytes(StandardCharsets.UTF_8),
                value,
                headers,
                Optional.empty()));

        assertThat(routed.valid()).isTrue();
        String traceparent =
                new String(routed.record().headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        String[] parts = traceparent.split("-");
        assertThat(parts[1]).as("trace id").isEqualTo(TRACE_ID);
        assertThat(parts[2])
                .as("span id: the validator's own span")
                .isNotEqualTo(PRODUCER_SPAN)
                .hasSize(16);
        assertThat(routed.record().headers().headers("traceparent"))
                .as("one traceparent, replaced")
                .hasSize(1);
    }
}
