package dev.lakehouse.spark.keys;

import dev.lakehouse.spark.config.ConfigException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The versioned PII keys: {@code v1, v2 ... vn}, oldest first, the last one current. A silver token under version n
 * is a chain: {@code t1 = HMAC(k1, value)}, {@code tn = HMAC(kn, hex(tn-1))}. So a rotation from version n-1 to n
 * re-keys a stored token without the clear value ({@code HMAC(kn, old token)}), joins keep working, and a token
 * computed with any older key alone matches nothing. Why a chain and not a recomputation from bronze:
 * docs/security.md ("Keys"). The secrets never appear in {@link #toString()} or any message.
 *
 * <p>Text form (a key store file or the environment variable): one {@code v<n>:<secret>} per line (or separated by
 * commas), oldest first, {@code #} comments allowed. A value without any {@code v<n>:} is one key, version 1: the
 * single key of the platform before keys were versioned.
 */
public final class KeyRing implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern ENTRY = Pattern.compile("v(\\d+):(.+)");
    private static final String CHECK_INPUT = "lakehouse-pii-key-check";
    /** Generated keys: 32 random bytes, written as 64 hex characters (used as their UTF-8 text, as always). */
    private static final int NEW_KEY_BYTES = 32;

    private static final int MIN_LENGTH = 16;

    private final List<String> secrets;

    private KeyRing(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new ConfigException("the PII key ring is empty");
        }
        this.secrets = List.copyOf(secrets);
    }

    /** Parses the text form; {@code source} names where it came from, for messages (never the text itself). */
    public static KeyRing parse(String text, String source) {
        List<String> entries = new ArrayList<>();
        for (String line : text.split("[\\r\\n]+")) {
            if (line.trim().startsWith("#")) {
                continue;
            }
            for (String entry : line.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        }
        if (entries.isEmpty()) {
            throw new ConfigException("no PII key in " + source);
        }
        if (entries.size() == 1 && !ENTRY.matcher(entries.get(0)).matches()) {
            requireLength(entries.get(0), 1, source);
            return new KeyRing(List.of(entries.get(0)));
        }
        List<String> secrets = new ArrayList<>();
        for (String e : entries) {
            Matcher m = ENTRY.matcher(e);
            if (!m.matches()) {
                throw new ConfigException("the PII key ring in " + source + " has an entry that is not v<n>:<secret> "
                        + "(entry " + (secrets.size() + 1) + ")");
            }
            int n = Integer.parseInt(m.group(1));
            if (n != secrets.size() + 1) {
                throw new ConfigException("the PII key ring in " + source + " must list v1, v2 ... in order without "
                        + "gaps; entry " + (secrets.size() + 1) + " is v" + n);
            }
            requireLength(m.group(2).trim(), n, source);
            secrets.add(m.group(2).trim());
        }
        return new KeyRing(secrets);
    }

    /** A short key can be guessed, and with it every token tested against guessed e-mails. */
    private static void requireLength(String secret, int version, String source) {
        if (secret.length() < MIN_LENGTH) {
            throw new ConfigException("PII key v" + version + " in " + source + " is shorter than " + MIN_LENGTH
                    + " characters (generated keys are 64 hex characters)");
        }
    }

    /** A ring of one generated key (version 1). */
    public static KeyRing generate(SecureRandom random) {
        return new KeyRing(List.of(newSecret(random)));
    }

    /** This ring with a new generated key as the current version. */
    public KeyRing withNewKey(SecureRandom random) {
        List<String> more = new ArrayList<>(secrets);
        more.add(newSecret(random));
        return new KeyRing(more);
    }

    private static String newSecret(SecureRandom random) {
        byte[] b = new byte[NEW_KEY_BYTES];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The text form, for a key store file. */
    public String format() {
        StringBuilder out = new StringBuilder(
                "# lakehouse PII key ring (docs/security.md, \"Keys\"): oldest first, the last is current.\n"
                        + "# Every version is needed to compute current tokens: never delete a line.\n");
        for (int i = 0; i < secrets.size(); i++) {
            out.append('v').append(i + 1).append(':').append(secrets.get(i)).append('\n');
        }
        return out.toString();
    }

    public int current() {
        return secrets.size();
    }

    public static String id(int version) {
        return "v" + version;
    }

    /** The token of a clear value under the current version (null stays null). */
    public String token(String value) {
        return tokenizer().token(value);
    }

    /** A token made under {@code fromVersion}, moved to the current version (null stays null). */
    public String rekey(String token, int fromVersion) {
        return tokenizer().rekey(token, fromVersion);
    }

    /** A tokenizer keeping one initialised MAC per version: for one thread (a Spark UDF instance per task). */
    public Tokenizer tokenizer() {
        return new Tokenizer(secrets);
    }

    /**
     * A key check value: 16 hex characters derived from versions 1..n (the token of a fixed text), recorded next to
     * silver's tokens so that a different key with the same version id (a lost or replaced key store) is detected
     * before it writes tokens that match nothing. It reveals nothing usable about the key.
     */
    public String check(int version) {
        return new Tokenizer(secrets.subList(0, version)).token(CHECK_INPUT).substring(0, 16);
    }

    /** Computes tokens; not thread-safe (Mac instances are not). */
    public static final class Tokenizer {
        private final List<String> secrets;
        private final Mac[] macs;

        private Tokenizer(List<String> secrets) {
            this.secrets = secrets;
            this.macs = new Mac[secrets.size()];
        }

        public String token(String value) {
            return value == null ? null : rekey(hmac(1, value), 1);
        }

        public String rekey(String token, int fromVersion) {
            if (fromVersion < 1 || fromVersion > secrets.size()) {
                throw new IllegalArgumentException("no key version " + fromVersion + " in a ring of " + secrets.size());
            }
            String t = token;
            for (int v = fromVersion + 1; t != null && v <= secrets.size(); v++) {
                t = hmac(v, t);
            }
            return t;
        }

        private String hmac(int version, String value) {
            try {
                Mac mac = macs[version - 1];
                if (mac == null) {
                    mac = Mac.getInstance("HmacSHA256");
                    mac.init(
                            new SecretKeySpec(secrets.get(version - 1).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                    macs[version - 1] = mac;
                }
                return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        }
    }

    @Override
    public String toString() {
        return "KeyRing[" + id(1) + ".." + id(current()) + "]";
    }
}
