package dev.lakehouse.supervision;

/**
 * One life of a supervised loop: builds what it needs (fresh clients, fresh state), then loops until it is asked to
 * stop, beating on every iteration. Returning means it ended as it should (stopped, or a bounded run finished);
 * throwing means it died, and the supervisor starts a new life after a pause.
 */
@FunctionalInterface
public interface LoopBody {

    void run(Heartbeat heartbeat) throws Exception;
}
