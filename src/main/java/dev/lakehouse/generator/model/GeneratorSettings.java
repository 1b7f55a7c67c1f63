package dev.lakehouse.generator.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything that shapes a simulated run. The same settings (seed included) always yield the
 * same events in the same order.
 *
 * @param seed                 seeds every random choice, ids included
 * @param from                 simulated time of the first event
 * @param products             products in the catalog at the start
 * @param customers            registered customers at the start
 * @param sessionsPerHour      weekly mean of visits per simulated hour (seasonality shapes it)
 * @param conversionRate       share of sessions that place an order
 * @param cartAbandonmentRate  share of sessions with a cart that place no order
 * @param returningShare       share of sessions by already registered customers
 * @param catalogChangesPerDay price changes per simulated day; new products and discontinuations come at a tenth of it each
 * @param erasuresPerDay       erasure requests per simulated day
 * @param currency             ISO-4217 code of every amount
 * @param faults               fault injection rates
 * @param experiment           an A/B experiment with a true effect, or {@link Experiment#OFF}
 * @param incidents            incidents with known windows (none: the shop runs as always)
 * @param tastes               shoppers' latent tastes, or {@link Tastes#OFF}
 */
public record GeneratorSettings(
        long seed,
        Instant from,
        int products,
        int customers,
        double sessionsPerHour,
        double conversionRate,
        double cartAbandonmentRate,
        double returningShare,
        double catalogChangesPerDay,
        double erasuresPerDay,
        String currency,
        FaultRates faults,
        Experiment experiment,
        List<Incident> incidents,
        Tastes tastes) {

    public GeneratorSettings {
        if (tastes == null) {
            throw new IllegalArgumentException("no tastes: pass Tastes.OFF");
        }
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
        if (products < 10 || customers < 1) {
            throw new IllegalArgumentException("need at least 10 products and 1 customer");
        }
        if (conversionRate <= 0
                || cartAbandonmentRate <= 0
                || cartAbandonmentRate >= 1
                || conversionRate / (1 - cartAbandonmentRate) > 1) {
            throw new IllegalArgumentException(
                    "conversion " + conversionRate + " and cart abandonment " + cartAbandonmentRate
                            + " cannot both hold: conversion / (1 - abandonment) is the share of sessions with a cart and must be <= 1");
        }
        if (sessionsPerHour <= 0 || returningShare < 0 || returningShare > 1) {
            throw new IllegalArgumentException("sessions per hour must be positive and the returning share in [0, 1]");
        }
        if (experiment == null) {
            throw new IllegalArgumentException("no experiment: pass Experiment.OFF");
        }
        if (experiment.on() && conversionRate * (1 + experiment.conversionLift()) / (1 - cartAbandonmentRate) > 1) {
            throw new IllegalArgumentException("a conversion lift of " + experiment.conversionLift()
                    + " takes treated sessions' conversion / (1 - abandonment) above 1");
        }
    }

    /** Defaults: a mid-sized shop, 3 % conversion, 70 % cart abandonment, no faults. */
    public static GeneratorSettings defaults(long seed, Instant from) {
        return new GeneratorSettings(
                seed,
                from,
                400,
                3000,
                4000,
                0.03,
                0.70,
                0.55,
                24,
                3,
                "EUR",
                FaultRates.none(),
                Experiment.OFF,
                List.of(),
                Tastes.OFF);
    }

    public GeneratorSettings withSeed(long newSeed) {
        return new GeneratorSettings(
                newSeed,
                from,
                products,
                customers,
                sessionsPerHour,
                conversionRate,
                cartAbandonmentRate,
                returningShare,
                catalogChangesPerDay,
                erasuresPerDay,
                currency,
                faults,
                experiment,
                incidents,
                tastes);
    }

    public GeneratorSettings withFaults(FaultRates newFaults) {
        return new GeneratorSettings(
                seed,
                from,
                products,
                customers,
                sessionsPerHour,
                conversionRate,
                cartAbandonmentRate,
                returningShare,
                catalogChangesPerDay,
                erasuresPerDay,
                currency,
                newFaults,
                experiment,
                incidents,
                tastes);
    }

    public GeneratorSettings withFunnel(double conversion, double abandonment) {
        return new GeneratorSettings(
                seed,
                from,
                products,
                customers,
                sessionsPerHour,
                conversion,
                abandonment,
                returningShare,
                catalogChangesPerDay,
                erasuresPerDay,
                currency,
                faults,
                experiment,
                incidents,
                tastes);
    }

    public GeneratorSettings withSessionsPerHour(double perHour) {
        return new GeneratorSettings(
                seed,
                from,
                products,
                customers,
                perHour,
                conversionRate,
                cartAbandonmentRate,
                returningShare,
                catalogChangesPerDay,
                erasuresPerDay,
                currency,
                faults,
                experiment,
                incidents,
                tastes);
    }

    public GeneratorSettings withFrom(Instant start) {
        return new GeneratorSettings(
                seed,
                start,
                products,
                customers,
                sessionsPerHour,
                conversionRate,
                cartAbandonmentRate,
                returningShare,
                catalogChangesPerDay,
                erasuresPerDay,
                currency,
                faults,
                experiment,
                incidents,
                tastes);
    }

    public GeneratorSettings withExperiment(Experiment newExperiment) {
        return new GeneratorSettings(
                seed,
                from,
                products,
                customers,
                sessionsPerHour,
                conversionRate,
                cartAbandonmentRate,
                returningShare,
                catalogChangesPerDay,
                erasuresPerDay,
                currency,
                faults,
                newExperiment,
                incidents,
                tastes);
    }

    public GeneratorSettings withIncidents(List<Incident> newIncidents) {
        return new GeneratorSettings(
                seed,
                from,
                products,
                customers,
                sessionsPerHour,
                conversionRate,
                cartAbandonmentRate,
                returningShare,
                catalogChangesPerDay,
                erasuresPerDay,
                currency,
                faults,
                experiment,
                newIncidents,
                tastes);
    }

    public GeneratorSettings withTastes(Tastes newTastes) {
        return new GeneratorSettings(
                seed,
                from,
                products,
                customers,
                sessionsPerHour,
                conversionRate,
                cartAbandonmentRate,
                returningShare,
                catalogChangesPerDay,
                erasuresPerDay,
                currency,
                faults,
                experiment,
                incidents,
                newTastes);
    }
}
