package dev.lakehouse.spark.commands;

import dev.lakehouse.spark.catalog.CatalogPreflight;
import dev.lakehouse.spark.catalog.TableDefinitions;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.keys.KeyRing;
import dev.lakehouse.spark.keys.KeyRotation;
import dev.lakehouse.spark.keys.PiiKeys;
import dev.lakehouse.spark.keys.TableKeyVersions;
import dev.lakehouse.spark.silver.PiiProtection;
import dev.lakehouse.spark.streaming.SparkSessions;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** The {@code keys} sub-commands: {@code status} and {@code rotate} of the PII key ring (docs/security.md, "Keys"). */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "The PII key ring that keys silver's tokens (e-mail and IP hashes): show it, rotate it.",
        subcommands = {KeysCommand.Status.class, KeysCommand.Rotate.class})
public final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Where the key ring comes from, its versions (ids and key checks, never the keys) and the "
                    + "version each keyed silver table is under.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LakehouseConfig config = options.load();
            PiiKeys.Loaded keys = PiiKeys.load(config);
            out.printf("key ring: %s (%s)%n", keys.source(), keys.rotatable() ? "a file" : "the environment");
            for (int v = 1; v <= keys.ring().current(); v++) {
                out.printf(
                        "  %s  check %s%s%n",
                        KeyRing.id(v), keys.ring().check(v), v == keys.ring().current() ? "  (current)" : "");
            }
            CatalogPreflight.check(config);
            SparkSession spark = SparkSessions.create(config, "lakehouse-keys");
            TableDefinitions.applyAll(spark);
            boolean behind = false;
            for (var e : PiiProtection.keyedColumns().entrySet()) {
                TableKeyVersions.State s = TableKeyVersions.of(spark, e.getKey());
                behind |= s.version() != 0 && s.version() != keys.ring().current();
                out.printf("  %-22s %-22s %s%n", e.getKey(), String.join(", ", e.getValue()), s.describe());
            }
            out.println(
                    behind
                            ? "some tables are not under the current key: run 'keys rotate' (streams stopped)"
                            : "every keyed table is under the current key "
                                    + KeyRing.id(keys.ring().current()));
            out.flush();
            return behind ? 1 : 0;
        }
    }

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = {
                "Make a new PII key the current one and re-key silver's tokens to it (email_hash, ip_hash): "
                        + "new token = HMAC(new key, old token), so joins on tokens keep working and a token made "
                        + "with an older key alone matches no row. Stop the streams first.",
                "Key ring in a file (the local default, or lakehouse.pii.key-store): a random key is added as the "
                        + "next version. Key ring from the environment (a Kubernetes Secret): add the next version "
                        + "to the Secret first; this command then re-keys the tables.",
                "A rotation that stopped half-way resumes where it stopped: run it again."
            })
    static final class Rotate implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            LakehouseConfig config = options.load();
            PiiKeys.Loaded keys = PiiKeys.load(config);
            CatalogPreflight.check(config);
            SparkSession spark = SparkSessions.create(config, "lakehouse-keys-rotate");
            TableDefinitions.applyAll(spark);
            KeyRing ring = keys.ring();
            TableKeyVersions.requireCurrentOrBehind(
                    spark, PiiProtection.keyedColumns().keySet(), ring, keys.source());
            List<TableKeyVersions.State> states = PiiProtection.keyedColumns().keySet().stream()
                    .map(t -> TableKeyVersions.of(spark, t))
                    .toList();
            int current = ring.current();
            boolean behind = states.stream().anyMatch(s -> s.version() != 0 && s.version() < current);
            if (behind) {
                out.printf(
                        "resuming: the key ring (%s) is at %s and some tables are not yet%n",
                        keys.source(), KeyRing.id(ring.current()));
            } else if (keys.rotatable()) {
                ring = ring.withNewKey(new SecureRandom());
                // The ring first: should the rewrite stop half-way, the next run finds the tables behind and resumes.
                PiiKeys.write(keys.file(), ring, "");
                out.printf(
                        "new key %s added to %s (%s stays in it: current tokens chain through every version)%n",
                        KeyRing.id(ring.current()), keys.file(), KeyRing.id(ring.current() - 1));
            } else {
                throw new ConfigException(
                        "the key ring from " + keys.source() + " ends at " + KeyRing.id(ring.current())
                                + " and silver is already under it: add " + KeyRing.id(ring.current() + 1)
                                + ":<new secret> as the last line of the Secret (a key without a version is v1: "
                                + "write it as v1:<key> first), restart nothing yet, and run this again "
                                + "(docs/security.md, \"Keys\")");
            }
            out.printf("re-keying silver's tokens to %s:%n", KeyRing.id(ring.current()));
            out.flush();
            KeyRotation.Result r = KeyRotation.run(spark, PiiProtection.keyedColumns(), ring, out);
            out.printf(
                    "rotation done in %.0f s: %d table(s), %d rows re-keyed; silver's tokens are under %s. Tokens made "
                            + "with an older key alone match no row now. Start the streams again (they use %s).%n",
                    (System.nanoTime() - t0) / 1e9, r.tables(), r.rows(), KeyRing.id(ring.current()), keys.source());
            out.flush();
            return 0;
        }
    }
}
