package dev.lakehouse.contracts.experiments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which variant of an experiment a session is in: a pure function of the experiment's id and the
 * session id, so the variant need not travel on the events. The generator assigns with it and the
 * lake recomputes it from {@code session_id} alone, in any engine: the bucket is the first 32 bits of
 * MD5({@code experiment + ":" + session}) over 2^32, i.e. in Spark SQL
 * {@code conv(substr(md5(concat(id, ':', session_id)), 1, 8), 16, 10) / 4294967296}.
 * Hashing, not a draw from the simulation's random stream, also keeps a run with the experiment off
 * byte-identical to one without experiments.
 */
public final class Assignment {

    public static final String CONTROL = "control";
    public static final String TREATMENT = "treatment";

    private Assignment() {}

    /** The session's bucket in [0, 1). */
    public static double bucket(String experimentId, String sessionId) {
        byte[] digest = md5().digest((experimentId + ":" + sessionId).getBytes(StandardCharsets.UTF_8));
        long first32 = ((digest[0] & 0xFFL) << 24)
                | ((digest[1] & 0xFFL) << 16)
                | ((digest[2] & 0xFFL) << 8)
                | (digest[3] & 0xFFL);
        return first32 / 4294967296.0;
    }

    /** {@link #TREATMENT} for the share {@code treatmentShare} of sessions with the lowest buckets, else {@link #CONTROL}. */
    public static String variant(String experimentId, double treatmentShare, String sessionId) {
        return bucket(experimentId, sessionId) < treatmentShare ? TREATMENT : CONTROL;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
