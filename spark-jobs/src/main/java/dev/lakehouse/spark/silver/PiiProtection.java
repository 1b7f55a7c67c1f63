package dev.lakehouse.spark.silver;

import dev.lakehouse.contracts.privacy.DataKeys;
import dev.lakehouse.contracts.privacy.SealedValues;
import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import dev.lakehouse.contracts.topics.Domain;
import dev.lakehouse.spark.keys.KeyRing;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Personal data in silver: the generator's sealed values are opened ({@link #OPEN_UDF}, with the data subject's key)
 * only to become keyed tokens (HMAC-SHA256 under the PII key ring's
 * versions, see {@link KeyRing}), so the same person hashes the same way in every table (joins and counts still
 * work) while nobody without the keys can test a guess. IPs also keep a truncated network prefix for geography.
 * Where the keys come from: {@link dev.lakehouse.spark.keys.PiiKeys}; rotation: docs/security.md ("Keys").
 */
public final class PiiProtection {
    public static final String HASH_UDF = "pii_hash";
    public static final String PREFIX_UDF = "ip_prefix";
    public static final String OPEN_UDF = "pii_open";

    private PiiProtection() {}

    public static void register(SparkSession spark, KeyRing ring, SubjectKeySettings subjectKeys) {
        spark.udf().register(HASH_UDF, new Hmac(ring), DataTypes.StringType);
        spark.udf().register(PREFIX_UDF, (UDF1<String, String>) PiiProtection::networkPrefix, DataTypes.StringType);
        spark.udf().register(OPEN_UDF, new Open(subjectKeys), DataTypes.StringType);
    }

    /**
     * The keyed token columns of each silver table: every column silver computes with {@link #HASH_UDF}, read from
     * {@link SilverProjections}, so a new keyed column is rotated without being listed anywhere else.
     */
    public static Map<String, List<String>> keyedColumns() {
        Map<String, List<String>> out = new TreeMap<>();
        for (Domain d : Domain.values()) {
            List<String> cols = SilverProjections.of(d).stream()
                    .filter(e -> e.trim().startsWith(HASH_UDF + "("))
                    .map(e -> e.substring(e.lastIndexOf(" AS ") + 4).trim())
                    .toList();
            if (!cols.isEmpty()) {
                out.put(SilverProjections.silverTable(d), cols);
            }
        }
        return out;
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

    /**
     * The clear value of a field the generator sealed with its subject's key, in memory only, for the token or
     * prefix that silver keeps; null once that key is shredded (erased). An unsealed value passes as it is.
     */
    public static final class Open implements UDF1<String, String> {
        private final SubjectKeySettings settings;

        public Open(SubjectKeySettings settings) {
            this.settings = settings;
        }

        @Override
        public String call(String value) {
            if (!SealedValues.isSealed(value)) {
                return value;
            }
            return DataKeys.shared(settings).open(value).orElse(null);
        }
    }

    /** The current token of a clear value; one tokenizer (one MAC per key version) per UDF instance. */
    public static final class Hmac implements UDF1<String, String> {
        private final KeyRing ring;
        private transient KeyRing.Tokenizer tokenizer;

        public Hmac(KeyRing ring) {
            this.ring = ring;
        }

        @Override
        public String call(String value) {
            if (tokenizer == null) {
                tokenizer = ring.tokenizer();
            }
            return tokenizer.token(value);
        }
    }
}
