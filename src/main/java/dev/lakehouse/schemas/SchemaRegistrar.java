package dev.lakehouse.schemas;

import dev.lakehouse.contracts.registry.SchemaRegistryLookup;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.events.EventSchemas;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers every domain's value schema under the subjects of its raw and valid topics and
 * sets their compatibility rule. Idempotent: an already registered schema is left as it is.
 * A schema the rule rejects fails the whole run, naming the subject and the registry's reason.
 */
public class SchemaRegistrar {

    public enum Status {
        REGISTERED,
        UNCHANGED
    }

    public record Outcome(String subject, Status status, int id) {}

    private final SchemaRegistryLookup registry;
    private final String compatibility;

    public SchemaRegistrar(SchemaRegistryLookup registry, String compatibility) {
        this.registry = registry;
        this.compatibility = compatibility;
    }

    public List<Outcome> registerAll() throws IOException, InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            String schema = EventSchemas.of(domain).toString();
            for (String topic : List.of(domain.rawTopic(), domain.validTopic())) {
                outcomes.add(register(Domain.valueSubject(topic), schema));
            }
        }
        return outcomes;
    }

    public Outcome register(String subject, String schema) throws IOException, InterruptedException {
        var existing = registry.lookup(subject, schema);
        Outcome outcome;
        if (existing.isPresent()) {
            outcome = new Outcome(subject, Status.UNCHANGED, existing.get());
        } else {
            try {
                outcome = new Outcome(subject, Status.REGISTERED, registry.register(subject, schema));
            } catch (SchemaRegistryLookup.RegistryException e) {
                if (e.status() == 409) {
                    throw new IOException(
                            "the registry rejected the schema for " + subject + " as incompatible with its "
                                    + compatibility + " rule: " + e.getMessage()
                                    + ". Change the schema compatibly (add fields with"
                                    + " defaults, never remove or retype one) or use a new topic.",
                            e);
                }
                throw e;
            }
        }
        // Set after the first version exists: some registries only keep per-subject rules for known subjects.
        if (!compatibility.equalsIgnoreCase(registry.compatibility(subject))) {
            registry.setCompatibility(subject, compatibility);
        }
        return outcome;
    }
}
