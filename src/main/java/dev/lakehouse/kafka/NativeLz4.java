package dev.lakehouse.kafka;

import net.jpountz.util.Native;
import org.jboss.logging.Logger;

/**
 * Makes Kafka's lz4 compression use lz4-java's JNI library, as plain Kafka tools do. lz4-java
 * loads it on its own only when its classes come from the system class loader; under
 * Quarkus's runner class loader {@code LZ4Factory.fastestInstance()} falls back to the pure-Java
 * safe compressor, which took a fifth of the generator's sending thread in a profile. Once the
 * library is loaded, {@code fastestInstance()} returns the JNI implementation whatever the class
 * loader. If it cannot be loaded (native image, an unsupported platform, already loaded by
 * another class loader in dev mode), clients keep the Java one.
 */
public final class NativeLz4 {

    private static final Logger LOG = Logger.getLogger(NativeLz4.class);

    private NativeLz4() {}

    public static synchronized void load() {
        if (Native.isLoaded() || System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            return;
        }
        try {
            Native.load();
        } catch (Throwable e) {
            LOG.debugf("lz4 stays pure Java: %s", e);
        }
    }
}
