package dev.lakehouse.anomalies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The detector on made-up minutes whose answer is known (pure, well under a second). */
class AnomalyDetectorTest {

    static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");

    /** Poisson minutes of an ordinary shop: ~600 events, 280 sessions, 3 orders, 2.8 paid, 0.1 cancelled. */
    static List<MinuteFigures> ordinary(int minutes, long seed, int from, int to, UnaryOperator<MinuteFigures> change) {
        SplittableRandom random = new SplittableRandom(seed);
        List<MinuteFigures> out = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            long orders = poisson(random, 3);
            MinuteFigures m = new MinuteFigures(
                    T0.plus(Duration.ofMinutes(i)),
                    poisson(random, 600),
                    poisson(random, 1.8),
                    poisson(random, 280),
                    poisson(random, 240),
                    poisson(random, 30),
                    orders,
                    orders * 150.0,
                    poisson(random, 2.8),
                    poisson(random, 0.1));
            out.add(i >= from && i < to ? change.apply(m) : m);
        }
        return out;
    }

    static long poisson(SplittableRandom random, double mean) {
        // Knuth's method is fine for these means: a sum of exponential gaps.
        long k = 0;
        double t = random.nextDouble();
        double limit = Math.exp(-Math.min(mean, 700));
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        while (t > limit) {
            k++;
            t *= random.nextDouble();
        }
        return k;
    }

    @Test
    void anOrdinaryDayIsQuiet() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(new AnomalyDetector().detect(ordinary(1440, seed, 0, 0, m -> m)))
                    .as("seed " + seed)
                    .isEmpty();
        }
    }

    @Test
    void aStopOfPaymentsIsFoundWithinFiveMinutesAsOneAnomaly() {
        List<MinuteFigures> minutes = ordinary(
                120,
                3,
                70,
                80,
                m -> new MinuteFigures(
                        m.minute(),
                        m.events(),
                        m.deadLetters(),
                        m.sessions(),
                        m.productViews(),
                        m.topProductViews(),
                        m.orders(),
                        m.revenue(),
                        0,
                        m.orders()));
        List<Anomaly> found = new AnomalyDetector().detect(minutes);
        assertThat(found).extracting(Anomaly::figure).contains(Figure.CANCELLED_SHARE);
        assertThat(found).extracting(Anomaly::figure).doesNotContain(Figure.EVENTS, Figure.ORDERS);
        Anomaly cancelled = found.stream()
                .filter(a -> a.figure() == Figure.CANCELLED_SHARE)
                .toList()
                .get(0);
        assertThat(found.stream().filter(a -> a.figure() == Figure.CANCELLED_SHARE))
                .hasSize(1);
        assertThat(cancelled.direction()).isEqualTo(Figure.Direction.UP);
        assertThat(Duration.between(T0.plus(Duration.ofMinutes(70)), cancelled.detectedAt()))
                .isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(cancelled.end()).isBetween(T0.plus(Duration.ofMinutes(78)), T0.plus(Duration.ofMinutes(84)));
        assertThat(cancelled.ongoing()).isFalse();
        assertThat(cancelled.id()).isEqualTo("cancelled_share@" + cancelled.start());
    }

    @Test
    void oneOddMinuteOfAVolumeNeverAlarmsButTwoDo() {
        UnaryOperator<MinuteFigures> surge = m -> new MinuteFigures(
                m.minute(),
                m.events() * 10,
                m.deadLetters(),
                m.sessions(),
                m.productViews(),
                m.topProductViews(),
                m.orders(),
                m.revenue(),
                m.paidOrders(),
                m.cancelledOrders());
        // A volume never alarms on one minute; a rate over 3 or 5 minutes may (events per session here).
        assertThat(new AnomalyDetector().detect(ordinary(90, 4, 60, 61, surge)))
                .as("a single minute of ten times the events")
                .extracting(Anomaly::figure)
                .doesNotContain(Figure.EVENTS)
                .allMatch(f -> f.direction() != Figure.Direction.DOWN);
        List<Anomaly> two = new AnomalyDetector().detect(ordinary(90, 4, 60, 62, surge));
        assertThat(two).extracting(Anomaly::figure).contains(Figure.EVENTS);
        assertThat(two.stream()
                        .filter(a -> a.figure() == Figure.EVENTS)
                        .findFirst()
                        .orElseThrow()
                        .detectedAt())
                .as("known at the end of the second minute")
                .isEqualTo(T0.plus(Duration.ofMinutes(62)));
    }

    @Test
    void nothingIsJudgedBeforeHalfAnHourOfHistory() {
        UnaryOperator<MinuteFigures> nothing = m -> MinuteFigures.empty(m.minute());
        assertThat(new AnomalyDetector().detect(ordinary(40, 5, 20, 29, nothing)))
                .isEmpty();
        assertThat(new AnomalyDetector().detect(ordinary(40, 5, 32, 40, nothing)))
                .extracting(Anomaly::figure)
                .contains(Figure.EVENTS, Figure.ORDERS);
    }

    @Test
    void anIncidentThatLastsBecomesTheNewNormal() {
        UnaryOperator<MinuteFigures> doubled = m -> new MinuteFigures(
                m.minute(),
                m.events() * 5,
                m.deadLetters(),
                m.sessions(),
                m.productViews(),
                m.topProductViews(),
                m.orders(),
                m.revenue(),
                m.paidOrders(),
                m.cancelledOrders());
        List<Anomaly> found = new AnomalyDetector().detect(ordinary(300, 6, 60, 300, doubled));
        Anomaly events = found.stream()
                .filter(a -> a.figure() == Figure.EVENTS)
                .findFirst()
                .orElseThrow();
        assertThat(events.ongoing()).isFalse();
        assertThat(Duration.between(events.start(), events.end())).isLessThan(Duration.ofMinutes(60));
    }

    @Test
    void minutesMustBeConsecutive() {
        List<MinuteFigures> minutes = new ArrayList<>(ordinary(3, 1, 0, 0, m -> m));
        minutes.remove(1);
        assertThatThrownBy(() -> new AnomalyDetector().detect(minutes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consecutive");
    }

    @Test
    void poissonTailsAreExact() {
        // e^-12 for no payment when 12 were expected; P(X >= 5 | 0.5) = 1 - sum_{0..4}.
        assertThat(PoissonTail.atMost(0, 12)).isCloseTo(Math.exp(-12), within(1e-18));
        double below5 = 0;
        for (int i = 0; i < 5; i++) {
            below5 += Math.exp(-0.5) * Math.pow(0.5, i) / factorial(i);
        }
        assertThat(PoissonTail.atLeast(5, 0.5)).isCloseTo(1 - below5, within(1e-12));
        assertThat(PoissonTail.atLeast(0, 3)).isEqualTo(1.0);
        assertThat(PoissonTail.atMost(1000, 3)).isCloseTo(1.0, within(1e-12));
        double tenOrMore = 0;
        for (int i = 10; i < 40; i++) {
            tenOrMore += Math.exp(-1) / factorial(i);
        }
        assertThat(PoissonTail.atLeast(10, 1)).isCloseTo(tenOrMore, within(1e-20));
        assertThat(PoissonTail.atMost(990, 1000) + PoissonTail.atLeast(991, 1000))
                .isCloseTo(1.0, within(1e-9));
        assertThat(PoissonTail.logFactorial(30)).isCloseTo(Math.log(factorial(30)), within(1e-9));
    }

    static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }
}
