package dev.lakehouse.contracts.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The embedded setup's stand-in for KMS: a random AES-256 master key in a file of mode 600 beside the wrapped keys
 * (in the per-user key folder, never the data folder), created on first use. Wrapping is AES-GCM with the subject as
 * associated data.
 */
public final class LocalMasterKey implements KeyWrapper {

    static final String FILE = "master.key";
    private static final int IV_BYTES = 12;
    private final Path file;
    private final byte[] key;

    private LocalMasterKey(Path file, byte[] key) {
        this.file = file;
        this.key = key;
    }

    /** Opens the master key in {@code dir}, creating it (and the folder, mode 700) if there is none yet. */
    public static LocalMasterKey in(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                DirectoryKeyStore.ensureDir(dir);
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = DirectoryKeyStore.privateTempFile(dir);
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file); // no replace: a concurrent first start keeps the key that won
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp);
                }
            }
            DirectoryKeyStore.requirePrivate(file);
            byte[] key = Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.UTF_8).trim());
            if (key.length != 32) {
                throw new IllegalStateException(
                        "the master key " + file + " is not 32 bytes of base64: restore it from your backup");
            }
            return new LocalMasterKey(file, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + file, e);
        }
    }

    @Override
    public byte[] wrap(String subject, byte[] dataKey) {
        byte[] iv = new byte[IV_BYTES];
        new SecureRandom().nextBytes(iv);
        try {
            byte[] ct = cipher(Cipher.ENCRYPT_MODE, iv, subject).doFinal(dataKey);
            return ByteBuffer.allocate(IV_BYTES + ct.length).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    @Override
    public byte[] unwrap(String subject, byte[] wrapped) {
        try {
            return cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(wrapped, IV_BYTES), subject)
                    .doFinal(wrapped, IV_BYTES, wrapped.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "the data key of one subject does not unwrap with " + file
                            + ": the key store and its master key do not belong together",
                    e);
        }
    }

    @Override
    public String describe() {
        return "local master key " + file;
    }

    private Cipher cipher(int mode, byte[] iv, String subject) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
