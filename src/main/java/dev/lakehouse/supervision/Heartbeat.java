package dev.lakehouse.supervision;

/** What a supervised loop calls on every iteration (and during long start-up work) to show it is not stuck. */
@FunctionalInterface
public interface Heartbeat {

    void beat();
}
