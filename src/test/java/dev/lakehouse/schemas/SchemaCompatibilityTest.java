package dev.lakehouse.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.EventSchemas;
import dev.lakehouse.testing.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The registry, not convention, enforces how schemas may evolve. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class SchemaCompatibilityTest {

    private static final String V1 = """
            {"type":"record","name":"ProductCreated","namespace":"test.compat","fields":[
              {"name":"event_id","type":"string"},
              {"name":"name","type":"string"},
              {"name":"brand","type":"string"}]}""";
    private static final String WITHOUT_REQUIRED_FIELD = """
            {"type":"record","name":"ProductCreated","namespace":"test.compat","fields":[
              {"name":"event_id","type":"string"},
              {"name":"name","type":"string"}]}""";
    private static final String WITH_NEW_REQUIRED_FIELD = """
            {"type":"record","name":"ProductCreated","namespace":"test.compat","fields":[
              {"name":"event_id","type":"string"},
              {"name":"name","type":"string"},
              {"name":"brand","type":"string"},
              {"name":"category","type":"string"}]}""";
    private static final String WITH_NEW_OPTIONAL_FIELD = """
            {"type":"record","name":"ProductCreated","namespace":"test.compat","fields":[
              {"name":"event_id","type":"string"},
              {"name":"name","type":"string"},
              {"name":"brand","type":"string"},
              {"name":"color","type":["null","string"],"default":null}]}""";

    private final SchemaRegistryLookup registry = new SchemaRegistryLookup(LocalStackResource.REGISTRY_CCOMPAT);
    private final SchemaRegistrar registrar = new SchemaRegistrar(registry, "FULL_TRANSITIVE");

    @Test
    void incompatibleChangesAreRejectedAndCompatibleOnesAccepted() throws Exception {
        String subject = "test.compat." + UUID.randomUUID() + "-value";
        SchemaRegistrar.Outcome first = registrar.register(subject, V1);
        assertThat(first.status()).isEqualTo(SchemaRegistrar.Status.REGISTERED);
        assertThat(registry.compatibility(subject)).isEqualTo("FULL_TRANSITIVE");

        assertThatThrownBy(() -> registrar.register(subject, WITHOUT_REQUIRED_FIELD))
                .as("removing a required field")
                .isInstanceOf(IOException.class)
                .hasMessageContaining("incompatible")
                .hasMessageContaining(subject);
        assertThatThrownBy(() -> registrar.register(subject, WITH_NEW_REQUIRED_FIELD))
                .as("adding a field without a default")
                .isInstanceOf(IOException.class)
                .hasMessageContaining("incompatible");

        SchemaRegistrar.Outcome evolved = registrar.register(subject, WITH_NEW_OPTIONAL_FIELD);
        assertThat(evolved.status())
                .as("adding an optional field with a default")
                .isEqualTo(SchemaRegistrar.Status.REGISTERED);
        assertThat(evolved.id()).isNotEqualTo(first.id());
        assertThat(registrar.register(subject, WITH_NEW_OPTIONAL_FIELD).status())
                .as("registering the same schema again")
                .isEqualTo(SchemaRegistrar.Status.UNCHANGED);
    }

    @Test
    void everyPlatformSubjectHasItsSchemaAndTheRule() throws Exception {
        for (Domain domain : Domain.values()) {
            for (String topic : new String[] {domain.rawTopic(), domain.validTopic()}) {
                String subject = Domain.valueSubject(topic);
                assertThat(registry.lookup(subject, EventSchemas.of(domain).toString()))
                        .as("schema under %s", subject)
                        .isPresent();
                assertThat(registry.compatibility(subject))
                        .as("rule of %s", subject)
                        .isEqualTo("FULL_TRANSITIVE");
            }
        }
    }
}
