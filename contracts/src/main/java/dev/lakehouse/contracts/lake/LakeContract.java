package dev.lakehouse.contracts.lake;

import dev.lakehouse.contracts.topics.AuditTopic;
import dev.lakehouse.contracts.topics.Domain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes {@code contracts/lake-contract.json}: the lake's namespaces, tables (columns, partitioning) and the topic
 * names, from the Java that defines them ({@link LakeTables}, {@link Domain}), for what is not Java: Dagster's
 * {@code LAKE_TABLES} reads the file, dbt's {@code _sources.yml} is checked against it. The file is checked in;
 * the app build's {@code LakeContractTest} fails when it is stale (one check is enough: both builds compile this same
 * source). Regenerate: {@code ./mvnw -o verify -Dtest=LakeContractTest -Dlake-contract.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false}, or this class's
 * {@code main} from the repository root.
 *
 * <p>Written by hand (no JSON library) so that its text does not depend on either build's Jackson version.
 */
public final class LakeContract {

    /** The file, relative to the repository root. */
    public static final String FILE = "contracts/lake-contract.json";

    private LakeContract() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : FILE);
        Files.writeString(file, json(), StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath());
    }

    /** The file's text. */
    public static String json() {
        StringBuilder out = new StringBuilder();
        out.append("{\n");
        out.append("  \"_comment\": ")
                .append(
                        str(
                                "Generated from " + LakeContract.class.getName()
                                        + " (LakeTables, Domain, AuditTopic); do not edit: run LakeContractTest with -Dlake-contract.write=true"))
                .append(",\n");
        out.append("  \"catalog\": ").append(str(CatalogSettings.CATALOG_NAME)).append(",\n");
        out.append("  \"embedded_catalog_uri\": ")
                .append(str(CatalogSettings.EMBEDDED_URI_TEMPLATE))
                .append(",\n");
        out.append("  \"namespaces\": ").append(strings(LakeTables.NAMESPACES)).append(",\n");
        out.append("  \"topics\": {\n");
        out.append("    \"default_prefix\": ")
                .append(str(Domain.DEFAULT_PREFIX))
                .append(",\n");
        out.append("    \"dead_letter\": ")
                .append(str(Domain.DEAD_LETTER_TOPIC))
                .append(",\n");
        out.append("    \"audit\": ").append(str(AuditTopic.NAME)).append(",\n");
        out.append("    \"domains\": {\n");
        List<String> domains = new ArrayList<>();
        for (Domain d : Domain.values()) {
            domains.add(
                    "      " + str(d.id()) + ": {\"raw\": " + str(d.rawTopic()) + ", \"valid\": " + str(d.validTopic())
                            + ", \"value_subject\": " + str(Domain.valueSubject(d.rawTopic())) + ", \"schema_file\": "
                            + str(d.schemaFile()) + ", \"envelope_record\": " + str(d.envelopeRecordName()) + "}");
        }
        out.append(String.join(",\n", domains)).append("\n    }\n  },\n");
        out.append("  \"tables\": {\n");
        List<String> tables = new ArrayList<>();
        // The audit, privacy and ml namespaces are listed with the tables but not in "namespaces" (the data-flow layers
        // dbt and Dagster read).
        List<String> namespaces = new ArrayList<>(LakeTables.NAMESPACES);
        namespaces.add(LakeTables.AUDIT);
        namespaces.add(LakeTables.PRIVACY);
        namespaces.add(LakeTables.ML);
        List<TableSpec> specs = new ArrayList<>(LakeTables.all());
        specs.addAll(LakeTables.audit());
        for (String namespace : namespaces) {
            List<String> inLayer = new ArrayList<>();
            for (TableSpec t : specs) {
                if (!t.namespace().equals(namespace)) {
                    continue;
                }
                String columns = t.columns().stream()
                        .map(c -> "{\"name\": " + str(c.name()) + ", \"type\": " + str(c.type()) + "}")
                        .collect(Collectors.joining(",\n          ", "[\n          ", "\n        ]"));
                inLayer.add("      " + str(t.name().substring(namespace.length() + 1)) + ": {\n"
                        + "        \"partition_by\": " + strings(t.partitionBy()) + ",\n"
                        + "        \"columns\": " + columns + "\n      }");
            }
            tables.add("    " + str(namespace) + ": {\n" + String.join(",\n", inLayer) + "\n    }");
        }
        out.append(String.join(",\n", tables)).append("\n  }\n}\n");
        return out.toString();
    }

    private static String strings(List<String> values) {
        return values.stream().map(LakeContract::str).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }
}
