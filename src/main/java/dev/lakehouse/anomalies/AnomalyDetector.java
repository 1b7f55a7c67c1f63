package dev.lakehouse.anomalies;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds minutes in which a {@link Figure} leaves its recent baseline. Pure and deterministic: the same minutes give
 * the same anomalies, so the grader and the live service run exactly this.
 *
 * <p>For every figure, minute and scale (a window of the last 2, 3 or 5 minutes), the baseline is the hour before the
 * window without the minutes already found anomalous (so an incident does not become its own baseline): its rate
 * (numerator over denominator, or the mean per minute of a volume). Its dispersion, how much more than a Poisson
 * count the minutes vary (sessions bring their events in clusters, orders their heavy-tailed totals), is measured
 * over the three hours before. The window's count is judged against a Poisson of the expected count, both divided
 * by the dispersion (a quasi-Poisson test): it is anomalous when that tail is below {@link Settings#maxPValue()} and
 * the change is at least the figure's factor. The minimum-duration rule: a volume at every scale, and a rate over two
 * minutes, must stay anomalous without its most extreme minute, so one odd minute (a burst, a stall) never alarms; a
 * rate over three or five minutes may rest on one minute, as payment failures come in bursts. The five-minute scale
 * finds a drop in a small count (no payment when twelve were expected) that two minutes cannot prove.
 */
public final class AnomalyDetector {

    /**
     * @param baselineMinutes minutes of baseline before each window (the rate)
     * @param dispersionMinutes minutes before each window its dispersion is measured over: longer than the
     *                        baseline, as an hour's minutes estimate it poorly (a quiet hour made one look half of
     *                        what it was), and it changes little over a day
     * @param minHistory      usable baseline minutes before anything is judged
     * @param scales          window lengths in minutes
     * @param maxPValue       the largest tail probability that is an anomaly
     * @param mergeGap        anomalous minutes of a figure at most this far apart are one anomaly
     */
    public record Settings(
            int baselineMinutes, int dispersionMinutes, int minHistory, int[] scales, double maxPValue, int mergeGap) {

        public static Settings defaults() {
            return new Settings(60, 180, 30, new int[] {2, 3, 5}, 1e-5, 3);
        }
    }

    private final Settings settings;

    public AnomalyDetector(Settings settings) {
        this.settings = settings;
    }

    public AnomalyDetector() {
        this(Settings.defaults());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The anomalies in these minutes, oldest first. {@code minutes}: consecutive minutes without gaps (a minute
     * without events is {@link MinuteFigures#empty}), oldest first.
     */
    public List<Anomaly> detect(List<MinuteFigures> minutes) {
        for (int i = 1; i < minutes.size(); i++) {
            if (!minutes.get(i).minute().equals(minutes.get(i - 1).minute().plus(Duration.ofMinutes(1)))) {
                throw new IllegalArgumentException(
                        "minutes must be consecutive: " + minutes.get(i - 1).minute() + " is followed by "
                                + minutes.get(i).minute());
            }
        }
        List<Anomaly> all = new ArrayList<>();
        for (Figure figure : Figure.values()) {
            all.addAll(detect(figure, minutes));
        }
        all.sort(java.util.Comparator.comparing(Anomaly::detectedAt).thenComparing(a -> a.figure()));
        return all;
    }

    /** One judgement of one window. */
    private record Finding(
            int minute, int scale, Figure.Direction direction, double observed, double expected, double p) {}

    private List<Anomaly> detect(Figure figure, List<MinuteFigures> minutes) {
        int n = minutes.size();
        double[] num = new double[n];
        double[] den = new double[n];
        for (int i = 0; i < n; i++) {
            num[i] = figure.numerator(minutes.get(i));
            den[i] = figure.denominator(minutes.get(i));
        }
        boolean[] excluded = new boolean[n];
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Finding strongest = null;
            for (int k : settings.scales()) {
                if (k < figure.minScale()) {
                    continue;
                }
                Finding f = judge(figure, num, den, excluded, i, k);
                if (f != null && (strongest == null || f.p() < strongest.p())) {
                    strongest = f;
                }
            }
            if (strongest != null) {
                findings.add(strongest);
                for (int j = i - strongest.scale() + 1; j <= i; j++) {
                    excluded[j] = true;
                }
            }
        }
        return episodes(figure, minutes, findings);
    }

    private Finding judge(Figure figure, double[] num, double[] den, boolean[] excluded, int i, int k) {
        int windowStart = i - k + 1;
        if (windowStart < 0 || windowStart < settings.minHistory()) {
            return null;
        }
        double[] base = rate(num, den, excluded, windowStart, settings.baselineMinutes());
        if (base == null) {
            return null;
        }
        double rate = base[0];
        double[] wide = rate(num, den, excluded, windowStart, settings.dispersionMinutes());
        double dispersion = dispersion(num, den, excluded, windowStart, settings.dispersionMinutes(), wide[0]);
        double observed = 0;
        double denominator = 0;
        for (int j = windowStart; j <= i; j++) {
            observed += num[j];
            denominator += den[j];
        }
        if (denominator <= 0) {
            return null;
        }
        Figure.Direction dir = observed >= rate * denominator ? Figure.Direction.UP : Figure.Direction.DOWN;
        if (figure.direction() != Figure.Direction.BOTH && figure.direction() != dir) {
            return null;
        }
        // The minimum-duration rule: the window must stay anomalous without its most extreme minute, so one odd
        // minute (a burst, a stall) never raises an anomaly, whatever its size (but see the rates above).
        if (figure.isRate() && k > 2) {
            // A rate over three minutes or more may rest on one minute: the simulation, like a payment provider's
            // timeouts, cancels an outage's orders in bursts.
            return test(figure, i, k, dir, observed, denominator, rate, dispersion, observed / denominator);
        }
        int extreme = -1;
        double worst = Double.NEGATIVE_INFINITY;
        for (int j = windowStart; j <= i; j++) {
            double lean = (num[j] - rate * den[j]) * (dir == Figure.Direction.UP ? 1 : -1);
            if (lean > worst) {
                worst = lean;
                extreme = j;
            }
        }
        double n = observed - num[extreme];
        double d = denominator - den[extreme];
        if (d <= 0) {
            return null;
        }
        return test(figure, i, k, dir, n, d, rate, dispersion, observed / denominator);
    }

    /** The quasi-Poisson test of {@code n} against {@code rate * d}, and the figure's factor. */
    private Finding test(
            Figure figure,
            int i,
            int k,
            Figure.Direction dir,
            double n,
            double d,
            double rate,
            double dispersion,
            double shown) {
        double expected = rate * d;
        double mean = expected / dispersion;
        double x = n / dispersion;
        double factor = figure.minFactor();
        double p;
        if (dir == Figure.Direction.UP) {
            if (n < factor * expected) {
                return null;
            }
            p = PoissonTail.atLeast((long) Math.ceil(x), mean);
        } else {
            if (n * factor > expected) {
                return null;
            }
            p = PoissonTail.atMost((long) Math.floor(x), mean);
        }
        if (p > settings.maxPValue()) {
            return null;
        }
        return new Finding(i, k, dir, shown, rate, p);
    }

    /**
     * The rate of the {@code minutes} before {@code windowStart} without minutes found anomalous, unless those are
     * most of them (a change that lasted is the new normal); null when there is too little history.
     */
    private double[] rate(double[] num, double[] den, boolean[] excluded, int windowStart, int minutes) {
        int from = Math.max(0, windowStart - minutes);
        boolean skipExcluded = usable(excluded, from, windowStart) >= settings.minHistory();
        double sumNum = 0;
        double sumDen = 0;
        for (int b = from; b < windowStart; b++) {
            if (!(skipExcluded && excluded[b])) {
                sumNum += num[b];
                sumDen += den[b];
            }
        }
        // At least one occurrence in the baseline: a count that never happened is rare, not impossible.
        return sumDen <= 0 ? null : new double[] {Math.max(sumNum, 1) / sumDen};
    }

    /** How much more than a Poisson count the minutes vary around {@code rate} (Pearson's statistic), at least 1. */
    private double dispersion(
            double[] num, double[] den, boolean[] excluded, int windowStart, int minutes, double rate) {
        int from = Math.max(0, windowStart - minutes);
        boolean skipExcluded = usable(excluded, from, windowStart) >= settings.minHistory();
        double pearson = 0;
        double expectedSum = 0;
        int used = 0;
        for (int b = from; b < windowStart; b++) {
            if (skipExcluded && excluded[b]) {
                continue;
            }
            double e = rate * den[b];
            if (e > 0) {
                pearson += (num[b] - e) * (num[b] - e);
                expectedSum += e;
                used++;
            }
        }
        return expectedSum > 0 && used > 1 ? Math.max(1, pearson / expectedSum * used / (used - 1)) : 1;
    }

    private static int usable(boolean[] excluded, int from, int to) {
        int usable = 0;
        for (int b = from; b < to; b++) {
            usable += excluded[b] ? 0 : 1;
        }
        return usable;
    }

    private List<Anomaly> episodes(Figure figure, List<MinuteFigures> minutes, List<Finding> findings) {
        List<Anomaly> out = new ArrayList<>();
        int e = 0;
        while (e < findings.size()) {
            Finding first = findings.get(e);
            Finding strongest = first;
            int last = first.minute();
            int next = e + 1;
            while (next < findings.size()
                    && findings.get(next).minute() - last <= settings.mergeGap()
                    && findings.get(next).direction() == first.direction()) {
                last = findings.get(next).minute();
                if (findings.get(next).p() < strongest.p()) {
                    strongest = findings.get(next);
                }
                next++;
            }
            out.add(new Anomaly(
                    figure,
                    first.direction(),
                    minutes.get(first.minute() - first.scale() + 1).minute(),
                    minutes.get(first.minute()).minute().plus(Duration.ofMinutes(1)),
                    minutes.get(last).minute().plus(Duration.ofMinutes(1)),
                    last == minutes.size() - 1,
                    strongest.observed(),
                    strongest.expected(),
                    strongest.p()));
            e = next;
        }
        return out;
    }
}
