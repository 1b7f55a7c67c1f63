package dev.lakehouse.contracts.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A personal value encrypted with its data subject's own key: {@code pii1.<subject>.<iv + ciphertext + tag>}, both
 * parts unpadded base64url, AES-256-GCM with the subject as associated data (a sealed value moved to another subject
 * does not open). The subject travels with the value so that any reader (silver, the erasure proof) knows which key
 * opens it; once that key is shredded nothing can, in any copy: topics, bronze, snapshots, backups, quarantine.
 *
 * <p>A value that is not sealed (records from before sealing, or from another producer) is passed through as it is
 * by {@link #open}'s callers; a sealed value that does not open (key shredded, tampered) opens to nothing.
 */
public final class SealedValues {

    public static final String PREFIX = "pii1.";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedValues() {}

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public static String seal(String subject, byte[] dataKey, String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, dataKey, iv, subject);
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out =
                    ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
            return PREFIX + B64.encodeToString(subject.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** The subject a sealed value belongs to; empty when the value is not a well-formed sealed value. */
    public static Optional<String> subject(String sealed) {
        if (!isSealed(sealed)) {
            return Optional.empty();
        }
        int dot = sealed.indexOf('.', PREFIX.length());
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(B64D.decode(sealed.substring(PREFIX.length(), dot)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The plaintext, or empty when the value is malformed, was sealed for another subject or under another key. */
    public static Optional<String> open(String sealed, byte[] dataKey) {
        Optional<String> subject = subject(sealed);
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] body = B64D.decode(sealed.substring(sealed.indexOf('.', PREFIX.length()) + 1));
            if (body.length < IV_BYTES + TAG_BITS / 8) {
                return Optional.empty(); // too short to hold a tag: cut or forged
            }
            Cipher c = cipher(Cipher.DECRYPT_MODE, dataKey, java.util.Arrays.copyOf(body, IV_BYTES), subject.get());
            byte[] pt = c.doFinal(body, IV_BYTES, body.length - IV_BYTES);
            return Optional.of(new String(pt, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | RuntimeException e) {
            // Hostile or damaged input (a record is anyone's to write) opens to nothing; it never fails its reader.
            return Optional.empty();
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv, String subject) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
