package dev.lakehouse.spark.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.spark.LakehouseJobs;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import dev.lakehouse.spark.support.Expected;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the key ring comes from, what is refused, and the token chain; no Spark, milliseconds. */
class PiiKeysTest {
    private static final String K1 = "first-key-0123456789";
    private static final String K2 = "second-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void tokensChainThroughEveryVersion() {
        KeyRing one = KeyRing.parse(K1, "test");
        KeyRing two = KeyRing.parse("# comment\nv1:" + K1 + "\nv2:" + K2 + "\n", "test");
        assertThat(one.current()).isEqualTo(1);
        assertThat(one.token("a@b.c")).as("v1 = HMAC(k1, value)").isEqualTo(Expected.hmac(K1, "a@b.c"));
        assertThat(two.token("a@b.c")).as("v2 = HMAC(k2, v1 token)").isEqualTo(Expected.hmac(K2, one.token("a@b.c")));
        assertThat(two.rekey(one.token("a@b.c"), 1)).isEqualTo(two.token("a@b.c"));
        assertThat(two.rekey(two.token("a@b.c"), 2)).as("already current").isEqualTo(two.token("a@b.c"));
        assertThat(KeyRing.parse("v1:" + K1 + ",v2:" + K2, "env").token("x")).isEqualTo(two.token("x"));
        assertThat(two.check(1)).isEqualTo(one.check(1)).hasSize(16).isNotEqualTo(two.check(2));
        assertThat(two.toString()).doesNotContain(K1, K2);
        KeyRing three = two.withNewKey(new SecureRandom());
        assertThat(KeyRing.parse(three.format(), "file").token("x")).isEqualTo(three.token("x"));
    }

    @Test
    void aMalformedRingIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> KeyRing.parse("v1:" + K1 + "\nv3:" + K2, "f"))
                .hasMessageContaining("v1, v2 ... in order")
                .hasMessageNotContaining(K2);
        assertThatThrownBy(() -> KeyRing.parse("short", "f")).hasMessageContaining("shorter than 16");
        assertThatThrownBy(() -> KeyRing.parse("v1:" + K1 + "\n" + K2, "f")).hasMessageContaining("not v<n>:<secret>");
    }

    @Test
    void theKeyStoreSettingWinsThenTheEnvironmentThenTheDefaultStore() throws Exception {
        Path store = ring(dir.resolve("keys/pii.keys"), "v1:" + K1 + "\nv2:" + K2 + "\n");
        LakehouseConfig config = config(Map.of(LakehouseConfig.PII_KEY_STORE, store.toString()));
        PiiKeys.Loaded fromFile = PiiKeys.load(config, Map.of("LAKEHOUSE_PII_KEY", K1));
        assertThat(fromFile.ring().current()).isEqualTo(2);
        assertThat(fromFile.rotatable()).isTrue();

        PiiKeys.Loaded fromEnv = PiiKeys.load(config(Map.of()), Map.of("LAKEHOUSE_PII_KEY", K1));
        assertThat(fromEnv.source()).isEqualTo("$LAKEHOUSE_PII_KEY");
        assertThat(fromEnv.rotatable()).isFalse();
        assertThat(fromEnv.ring().token("x")).isEqualTo(Expected.hmac(K1, "x"));
        PiiKeys.Loaded renamed =
                PiiKeys.load(config(Map.of(LakehouseConfig.PII_KEY_ENV, "MY_KEYS")), Map.of("MY_KEYS", "v1:" + K1));
        assertThat(renamed.source()).isEqualTo("$MY_KEYS");

        assertThatThrownBy(() -> PiiKeys.load(config(Map.of(LakehouseConfig.CATALOG_TYPE, "glue")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LAKEHOUSE_PII_KEY", LakehouseConfig.PII_KEY_STORE);
    }

    @Test
    void theLocalDefaultLivesInTheUsersConfigFolderAndTakesOverTheOldKeyFile() throws Exception {
        Path data = Files.createDirectories(dir.resolve("lake"));
        Files.writeString(data.resolve(PiiKeys.LEGACY_FILE), K1);
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        PiiKeys.Loaded loaded = PiiKeys.load(config(Map.of()), env);
        assertThat(loaded.file())
                .startsWith(dir.resolve("xdg/lakehouse/keys"))
                .isEqualTo(PiiKeys.defaultStore(data, env));
        assertThat(loaded.ring().token("x")).as("the old key is v1").isEqualTo(Expected.hmac(K1, "x"));
        assertThat(data.resolve(PiiKeys.LEGACY_FILE))
                .as("no key left beside the data")
                .doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(loaded.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(loaded.file().getParent())))
                .isEqualTo("rwx------");
        assertThat(PiiKeys.load(config(Map.of()), env).ring().token("x"))
                .as("stable")
                .isEqualTo(Expected.hmac(K1, "x"));

        Path other = dir.resolve("other-lake");
        assertThat(PiiKeys.defaultStore(other, env))
                .as("one ring per lake folder")
                .isNotEqualTo(loaded.file());
    }

    @Test
    void aKeyStoreInsideTheDataFolderOrReadableByOthersIsRefused() throws Exception {
        Path inside = ring(dir.resolve("lake/keys/pii.keys"), "v1:" + K1);
        assertThatThrownBy(
                        () -> PiiKeys.load(config(Map.of(LakehouseConfig.PII_KEY_STORE, inside.toString())), Map.of()))
                .hasMessageContaining("inside the data folder");
        Path open = ring(dir.resolve("keys/open.keys"), "v1:" + K1);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PiiKeys.load(config(Map.of(LakehouseConfig.PII_KEY_STORE, open.toString())), Map.of()))
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aKeyOnTheCommandLineIsRefusedSayingWhatToUseInstead() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LakehouseJobs.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "stream",
                "--data-dir",
                dir.toString(),
                "--set",
                "lakehouse.pii.hmac-key=" + K1);
        assertThat(code).isEqualTo(3);
        assertThat(err.toString())
                .contains("'lakehouse.pii.hmac-key' is refused", "LAKEHOUSE_PII_KEY", "lakehouse.pii.key-store")
                .doesNotContain(K1);
        err.getBuffer().setLength(0);
        code = LakehouseJobs.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "keys",
                "status",
                "--set",
                "lakehouse.catalog.jdbc.password=" + K2);
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("refused on the command line", "LAKEHOUSE_CATALOG_JDBC_PASSWORD");
        assertThatThrownBy(() -> LakehouseConfig.load(null, Map.of("lakehouse.pii.hmac-key", K1)))
                .as("nor in a file or any other way")
                .hasMessageContaining("never a setting");
    }

    @Test
    void rotateExplainsItself() {
        StringWriter out = new StringWriter();
        int code = LakehouseJobs.execute(
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "keys", "rotate", "--help");
        assertThat(code).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("HMAC(new key, old token)", "Stop the streams first", "Secret");
    }

    private LakehouseConfig config(Map<String, String> extra) {
        Map<String, String> o = new java.util.HashMap<>(
                Map.of(LakehouseConfig.DATA_DIR, dir.resolve("lake").toString()));
        o.putAll(extra);
        return LakehouseConfig.load(null, o);
    }

    private static Path ring(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
