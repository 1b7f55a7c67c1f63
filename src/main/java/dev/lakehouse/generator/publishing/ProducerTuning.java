package dev.lakehouse.generator.publishing;

/** The throughput knobs of the generator's producers; the benchmark gives the baseline the same ones. */
public record ProducerTuning(String compression, int lingerMs, int batchSize) {}
