package dev.lakehouse.spark.streaming;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link StreamMetrics} at {@code GET /metrics} for Prometheus, on the JDK's own HTTP server (one daemon
 * thread, no dependency). One per process: the streams of a driver share it, and it lives as long as the JVM, like
 * the registry it serves.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static HttpServer server;

    private MetricsEndpoint() {}

    /**
     * Starts the endpoint on {@code port} (0: any free port) unless it already runs; returns the port it listens on.
     * All interfaces: in a pod Prometheus scrapes the pod's address.
     */
    public static synchronized int start(int port) {
        if (server == null) {
            try {
                HttpServer s = HttpServer.create(new InetSocketAddress(port), 0);
                s.createContext(PATH, exchange -> {
                    byte[] body = StreamMetrics.scrape().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                s.setExecutor(Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "stream-metrics");
                    t.setDaemon(true);
                    return t;
                }));
                s.start();
                server = s;
                LOG.info(
                        "stream metrics for Prometheus at http://<host>:{}{}",
                        s.getAddress().getPort(),
                        PATH);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot serve the stream metrics on port " + port + " (lakehouse.stream.metrics-port): "
                                + e.getMessage(),
                        e);
            }
        }
        return server.getAddress().getPort();
    }
}
