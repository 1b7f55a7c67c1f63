package dev.lakehouse.generator;

/** The throughput knobs of the generator's producers; the benchmark gives the baseline the same ones. */
public record ProducerTuning(String compression, int lingerMs, int batchSize) {
}
