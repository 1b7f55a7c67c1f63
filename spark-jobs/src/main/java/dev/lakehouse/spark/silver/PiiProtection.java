package dev.lakehouse.spark.silver;

import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Personal data in silver: emails and IP addresses become HMAC-SHA256 digests under a secret key, so the same
 * person hashes the same way in every table (joins and counts still work) while nobody without the key can
 * test a guess. IPs also keep a truncated network prefix for geography. Where the key comes from is in
 * docs/spark-jobs.md ("PII key").
 */
public final class PiiProtection {
    public static final String HASH_UDF = "pii_hash";
    public static final String PREFIX_UDF = "ip_prefix";

    private PiiProtection() {}

    /** The key: {@code lakehouse.pii.hmac-key}, else the environment variable, else (embedded only) a key file. */
    public static String resolveKey(LakehouseConfig config) {
        String key = config.get(LakehouseConfig.PII_KEY, null);
        if (key == null) {
            key = System.getenv(config.get(LakehouseConfig.PII_KEY_ENV));
        }
        if (key != null && !key.isBlank()) {
            return key;
        }
        if (!"embedded".equals(config.get(LakehouseConfig.CATALOG_TYPE))) {
            throw new ConfigException(
                    "no PII key: set the environment variable " + config.get(LakehouseConfig.PII_KEY_ENV)
                            + " (from your secret store) or " + LakehouseConfig.PII_KEY);
        }
        return localKey(config.dataDir().resolve("pii.key"));
    }

    /** A local run keeps one generated key beside its data, so hashes stay stable across restarts. */
    private static synchronized String localKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] b = new byte[32];
                new SecureRandom().nextBytes(b);
                Files.writeString(file, HexFormat.of().formatHex(b));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void register(SparkSession spark, String key) {
        spark.udf().register(HASH_UDF, new Hmac(key), DataTypes.StringType);
        spark.udf().register(PREFIX_UDF, (UDF1<String, String>) PiiProtection::networkPrefix, DataTypes.StringType);
    }

    /** IPv4 -> a.b.c.0/24, IPv6 -> first three groups ::/48; anything else -> null (never the raw value). */
    public static String networkPrefix(String ip) {
        if (ip == null) {
            return null;
        }
        String s = ip.trim();
        if (s.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return s.substring(0, s.lastIndexOf('.')) + ".0/24";
        }
        if (s.contains(":")) {
            String[] g = s.split(":", -1);
            if (g.length >= 3) {
                return (g[0] + ":" + g[1] + ":" + g[2] + "::/48").toLowerCase();
            }
        }
        return null;
    }

    public static final class Hmac implements UDF1<String, String> {
        private final String key;
        private transient Mac mac;

        public Hmac(String key) {
            this.key = key;
        }

        @Override
        public String call(String value) throws Exception {
            if (value == null) {
                return null;
            }
            if (mac == null) {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            }
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
