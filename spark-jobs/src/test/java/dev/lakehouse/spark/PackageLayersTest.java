package dev.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * spark-jobs' packages form layers: a package may use only packages of a lower rank, never one of its own rank
 * (siblings) or above. Read from the compiled main classes, so a fully qualified name in code counts like an
 * import. A new package fails here until it is given a rank.
 */
class PackageLayersTest {
    private static final String ROOT = "dev.lakehouse.spark";

    /** Higher uses lower. Package names are relative to dev.lakehouse.spark ("" is LakehouseJobs, the entry point). */
    static final Map<String, Integer> RANKS = Map.ofEntries(
            Map.entry("", 100), // LakehouseJobs: the picocli root, exit codes
            Map.entry("commands", 90), // stream, maintain, erase, query, keys: options -> one call below
            Map.entry("pipeline", 80), // StreamJob: starts and supervises the three layers' queries
            Map.entry("gold", 70), // the medallion layers; each may use the ones below it, none the one above
            Map.entry("silver", 60),
            Map.entry("bronze", 50),
            Map.entry("maintenance", 50), // compaction, expiry, orphans: beside the layers, used by commands
            Map.entry("timetravel", 50), // snapshot reads: beside the layers, used by commands
            Map.entry("privacy", 50), // erasure across silver, gold and the warehouse: beside the layers
            Map.entry("recommend", 50), // the recommender: trains on silver, writes ml.*; beside the layers
            Map.entry("quarantine", 40), // quarantine rows, written by bronze and silver
            Map.entry("streaming", 30), // Spark session, Kafka source, triggers, batch commits, supervision, health
            Map.entry("catalog", 20),
            Map.entry("decoding", 20),
            Map.entry("keys", 25), // the PII key ring, where it is kept, tables' key versions, rotation (loads tables)
            Map.entry("config", 10));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void theImportedClassesAreSparkJobsMainClasses() {
        // Guards the other tests against passing on nothing (a wrong package or an import option hiding classes).
        assertThat(MAIN.contain(LakehouseJobs.class)).isTrue();
        assertThat(MAIN.contain(PackageLayersTest.class))
                .as("test classes are left out")
                .isFalse();
        assertThat(MAIN.size()).isGreaterThan(40);
    }

    @Test
    void everyPackageHasARank() {
        TreeSet<String> unranked = new TreeSet<>();
        for (JavaClass c : MAIN) {
            String pkg = relative(c.getPackageName());
            if (!RANKS.containsKey(pkg)) {
                unranked.add(pkg);
            }
        }
        assertThat(unranked)
                .as("packages missing from PackageLayersTest.RANKS (place each in the layers)")
                .isEmpty();
    }

    @Test
    void packagesUseOnlyLowerRanks() {
        List<String> upward = new ArrayList<>();
        for (JavaClass c : MAIN) {
            String from = relative(c.getPackageName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String targetPackage = d.getTargetClass().getPackageName();
                if (!inSparkJobs(targetPackage)) {
                    continue; // Spark, Iceberg, the JDK and contracts/ are below all of spark-jobs
                }
                String to = relative(targetPackage);
                if (from.equals(to) || !RANKS.containsKey(from) || !RANKS.containsKey(to)) {
                    continue; // same package; unranked ones are reported by everyPackageHasARank
                }
                if (RANKS.get(to) >= RANKS.get(from)) {
                    upward.add(c.getName() + " -> " + d.getTargetClass().getName() + " (" + label(from) + " rank "
                            + RANKS.get(from) + " uses " + label(to) + " rank " + RANKS.get(to) + ")");
                }
            }
        }
        assertThat(upward.stream().distinct().sorted().toList())
                .as("dependencies on a package of the same or a higher rank")
                .isEmpty();
    }

    @Test
    void packagesAreFreeOfCycles() {
        // Implied by the ranks, but also catches a cycle through packages not ranked yet. ArchUnit's slices() leave
        // the root package (LakehouseJobs) out, where the commands' loop was; hence this small walk of our own.
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass c : MAIN) {
            String from = relative(c.getPackageName());
            Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (inSparkJobs(to) && !relative(to).equals(from)) {
                    targets.add(relative(to));
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String start : uses.keySet()) {
            findCycles(start, uses, new ArrayDeque<>(), done, cycles);
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    /** Depth-first: a package met again on the current path closes a cycle, reported as that path. */
    private static void findCycles(
            String pkg, Map<String, Set<String>> uses, Deque<String> path, Set<String> done, List<String> cycles) {
        if (path.contains(pkg)) {
            List<String> onPath = new ArrayList<>(path);
            List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(pkg), onPath.size()));
            cycle.add(pkg);
            cycles.add(String.join(
                    " -> ", cycle.stream().map(PackageLayersTest::label).toList()));
            return;
        }
        if (!done.add(pkg)) {
            return;
        }
        path.addLast(pkg);
        for (String next : uses.getOrDefault(pkg, Set.of())) {
            findCycles(next, uses, path, done, cycles);
        }
        path.removeLast();
    }

    private static boolean inSparkJobs(String pkg) {
        return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".");
    }

    private static String relative(String pkg) {
        return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
    }

    private static String label(String pkg) {
        return pkg.isEmpty() ? "(root)" : pkg;
    }
}
