package dev.lakehouse.contracts.privacy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One data key per data subject (a customer, or an anonymous visitor), kept wrapped in a {@link WrappedKeyStore}
 * under a {@link KeyWrapper}: envelope encryption. The generator asks for a subject's key ({@link #forSealing}),
 * readers look one up ({@link #forOpening}), erasure shreds it ({@link #shred}), and with it every value ever sealed
 * for that subject, wherever a copy of it went.
 *
 * <p>Keys are cached for {@link SubjectKeySettings#cacheTtl()} so that a stream does not read the store per record;
 * a shred is therefore seen by other processes at most that late (docs/privacy.md: the erasure job waits for it).
 */
public final class DataKeys {

    private static final Map<SubjectKeySettings, DataKeys> SHARED = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 200_000;

    private final WrappedKeyStore store;
    private final KeyWrapper wrapper;
    private final long ttlMillis;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(byte[] key, long loadedAt) {}

    public DataKeys(WrappedKeyStore store, KeyWrapper wrapper, java.time.Duration cacheTtl) {
        this.store = store;
        this.wrapper = wrapper;
        this.ttlMillis = cacheTtl.toMillis();
    }

    /** One instance per settings and JVM: Spark's executors share it across tasks and batches. */
    public static DataKeys shared(SubjectKeySettings settings) {
        return SHARED.computeIfAbsent(settings, DataKeys::open);
    }

    public static DataKeys open(SubjectKeySettings settings) {
        if (settings.onS3()) {
            return new DataKeys(
                    S3KeyStore.at(settings.location()), KmsKeyWrapper.of(settings.kmsKeyId()), settings.cacheTtl());
        }
        Path dir = Path.of(settings.location());
        KeyWrapper wrapper = settings.kmsKeyId() == null || settings.kmsKeyId().isBlank()
                ? LocalMasterKey.in(dir)
                : KmsKeyWrapper.of(settings.kmsKeyId());
        return new DataKeys(new DirectoryKeyStore(dir), wrapper, settings.cacheTtl());
    }

    /** The subject's key, created (and stored wrapped) on its first personal value. */
    public byte[] forSealing(String subject) {
        Cached c = fresh(subject);
        if (c != null && c.key != null) {
            return c.key;
        }
        byte[] key = store.read(subject).map(w -> wrapper.unwrap(subject, w)).orElse(null);
        if (key == null) {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            byte[] stored = store.putIfAbsent(subject, wrapper.wrap(subject, fresh));
            key = wrapper.unwrap(subject, stored);
        }
        remember(subject, key);
        return key;
    }

    /** The subject's key, or empty when it never had one or it was shredded. */
    public Optional<byte[]> forOpening(String subject) {
        Cached c = fresh(subject);
        if (c == null) {
            byte[] key =
                    store.read(subject).map(w -> wrapper.unwrap(subject, w)).orElse(null);
            c = remember(subject, key);
        }
        return Optional.ofNullable(c.key);
    }

    /** The plaintext of a sealed value, or empty when its subject's key is gone (or the value is not sealed). */
    public Optional<String> open(String sealed) {
        return SealedValues.subject(sealed).flatMap(this::forOpening).flatMap(key -> SealedValues.open(sealed, key));
    }

    /** Deletes the subject's key from the store (and this process's cache); true when there was one. */
    public boolean shred(String subject) {
        cache.remove(subject);
        return store.delete(subject);
    }

    public String describe() {
        return store.describe() + ", wrapped by " + wrapper.describe();
    }

    private Cached fresh(String subject) {
        Cached c = cache.get(subject);
        return c != null && System.currentTimeMillis() - c.loadedAt < ttlMillis ? c : null;
    }

    private Cached remember(String subject, byte[] key) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear(); // bounded: a reader of millions of subjects re-reads, it does not grow without end
        }
        Cached c = new Cached(key, System.currentTimeMillis());
        cache.put(subject, c);
        return c;
    }
}
