package dev.lakehouse.generator.model;

import java.util.SplittableRandom;
import java.util.UUID;

/** Random-looking but reproducible ids: version-4 UUIDs drawn from the run's seeded generator. */
public final class Ids {

    private Ids() {}

    public static String uuid(SplittableRandom random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
