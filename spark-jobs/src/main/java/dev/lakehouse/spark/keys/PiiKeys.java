package dev.lakehouse.spark.keys;

import dev.lakehouse.contracts.privacy.SubjectKeySettings;
import dev.lakehouse.spark.config.ConfigException;
import dev.lakehouse.spark.config.LakehouseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the PII key ring comes from, first match wins:
 *
 * <ol>
 *   <li>{@code lakehouse.pii.key-store}: a key ring file (mode 600; refused inside the data folder);
 *   <li>the environment variable named by {@code lakehouse.pii.hmac-key-env} ({@code LAKEHOUSE_PII_KEY}): on
 *       Kubernetes from a Secret;
 *   <li>embedded catalog only: the per-user key store, {@code $XDG_CONFIG_HOME/lakehouse/keys} (else
 *       {@code ~/.config/lakehouse/keys}), one file per lake folder, created with a random key on first use.
 * </ol>
 *
 * Never the command line: the retired key {@code lakehouse.pii.hmac-key} is refused wherever it is set
 * ({@code ConfigKeys}). Only a file can be rotated in place; a ring from the environment is rotated by adding a
 * version to the Secret (docs/security.md, "Keys").
 */
public final class PiiKeys {
    private static final Logger LOG = LoggerFactory.getLogger(PiiKeys.class);
    /** The key file of local runs before keys were versioned: moved into the key store as version 1. */
    static final String LEGACY_FILE = "pii.key";

    private PiiKeys() {}

    /** A ring and where it came from; {@code file} is null when it came from the environment. */
    public record Loaded(KeyRing ring, String source, Path file) {
        public boolean rotatable() {
            return file != null;
        }
    }

    public static Loaded load(LakehouseConfig config) {
        return load(config, System.getenv());
    }

    static Loaded load(LakehouseConfig config, Map<String, String> environment) {
        String explicit = config.get(LakehouseConfig.PII_KEY_STORE, null);
        if (explicit != null) {
            Path file = Path.of(explicit).toAbsolutePath().normalize();
            requireOutsideData(file, config);
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(LakehouseConfig.PII_KEY_STORE + " names " + file + ", which is not a file "
                        + "(a key ring: one v<n>:<secret> per line; docs/security.md)");
            }
            return new Loaded(read(file), file.toString(), file);
        }
        String variable = config.get(LakehouseConfig.PII_KEY_ENV);
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
            return new Loaded(KeyRing.parse(value, "the environment variable " + variable), "$" + variable, null);
        }
        if (!"embedded".equals(config.get(LakehouseConfig.CATALOG_TYPE))) {
            throw new ConfigException("no PII key: set the environment variable " + variable
                    + " from your secret store (the Helm chart does, from a Secret) or " + LakehouseConfig.PII_KEY_STORE
                    + " to a key ring file (docs/security.md, \"Keys\")");
        }
        Path file = defaultStore(config.dataDir(), environment);
        return new Loaded(openOrCreate(file, config.dataDir()), file.toString(), file);
    }

    /** The per-user store file of one lake folder: named after a digest of the folder's absolute path. */
    public static Path defaultStore(Path dataDir, Map<String, String> environment) {
        return SubjectKeySettings.keysHome(environment)
                .resolve("pii-" + digest(dataDir.toAbsolutePath().normalize().toString()) + ".keys");
    }

    private static synchronized KeyRing openOrCreate(Path file, Path dataDir) {
        if (Files.exists(file)) {
            return read(file);
        }
        Path legacy = dataDir.resolve(LEGACY_FILE);
        KeyRing ring;
        if (Files.isRegularFile(legacy)) {
            // The lake's tokens were made with this key: it becomes version 1, and leaves the data folder.
            ring = KeyRing.parse(readString(legacy), legacy.toString());
            write(file, ring, "# lake folder: " + dataDir + " (moved here from " + legacy + ")\n");
            try {
                Files.delete(legacy);
            } catch (IOException e) {
                throw new UncheckedIOException("moved the PII key to " + file + " but cannot delete " + legacy, e);
            }
            LOG.warn("moved the PII key out of the lake folder: {} -> {} (version v1)", legacy, file);
        } else {
            ring = KeyRing.generate(new SecureRandom());
            write(file, ring, "# lake folder: " + dataDir + "\n");
            LOG.info("created the PII key ring {} for the lake folder {}", file, dataDir);
        }
        return ring;
    }

    /** Reads a key ring file, refusing one that others than its owner may read. */
    public static KeyRing read(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw new ConfigException("the PII key ring " + file + " may be read by others ("
                        + PosixFilePermissions.toString(perms) + "): chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new ConfigException("cannot read the PII key ring " + file + ": " + e.getMessage());
        }
        return KeyRing.parse(readString(file), file.toString());
    }

    /** Replaces the file atomically, mode 600 in a folder of mode 700, so a crash leaves the old ring or the new. */
    public static void write(Path file, KeyRing ring, String header) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                posix(dir, "rwx------");
            }
            Path tmp = Files.createTempFile(dir, ".pii-", ".tmp");
            posix(tmp, "rw-------");
            Files.writeString(tmp, header + ring.format(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PII key ring " + file, e);
        }
    }

    /** A key next to the data it protects travels with every copy and backup of that data. */
    private static void requireOutsideData(Path file, LakehouseConfig config) {
        Path data = config.dataDir();
        if (file.startsWith(data)) {
            throw new ConfigException(LakehouseConfig.PII_KEY_STORE + " = " + file + " lies inside the data folder "
                    + data + ": keep the key ring elsewhere (default ~/.config/lakehouse/keys), so that a copy of "
                    + "the lake does not carry its key");
        }
    }

    private static void posix(Path p, String perms) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the PII key ring " + file + ": " + e.getMessage());
        }
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
