package dev.lakehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL name extraction the dashboard and rule check relies on: it must find names, and only names. */
class ObservabilityFilesTest {

    @Test
    void findsTheMetricNamesOfAnExpressionAndNothingElse() {
        assertThat(ObservabilityFiles.metricNames(
                        "sum by (reason) (rate(lakehouse_validator_records_total{outcome=\"dead_letter\"}[5m]))"
                                + " / ignoring(reason) group_left sum(rate(lakehouse_validator_records_total[5m]))"
                                + " > 0.05"))
                .containsExactly("lakehouse_validator_records_total");
        assertThat(ObservabilityFiles.metricNames("time() - max by (layer) (lakehouse_stream_newest_event_time_seconds)"
                        + " > 300 and on() vector(1) or up{job=\"x\"} == 0 offset 5m"))
                .containsExactly("lakehouse_stream_newest_event_time_seconds", "up");
        assertThat(ObservabilityFiles.metricNames(
                        "histogram_quantile(0.95, rate(a_b:c_bucket{le!=\"+Inf\"}[$__rate_interval])) * 1e3"))
                .containsExactly("a_b:c_bucket");
    }

    @Test
    void reportsANameNoScrapeServesAndAnExpressionWithoutMetrics() {
        var unknown = ObservabilityFiles.unknownNames(
                java.util.Map.of(
                        "ok", "rate(a_total[5m])",
                        "typo", "rate(a_totl[5m]) + b",
                        "constant", "vector(1)"),
                java.util.Set.of("a_total", "b"));
        assertThat(unknown).containsOnlyKeys("typo", "constant");
        assertThat(unknown.get("typo")).containsExactly("a_totl");
        assertThat(unknown.get("constant")).containsExactly("(none)");
    }

    @Test
    void readsTheNamesOfAScrape() {
        String body = "# HELP x_total a counter\n# TYPE x_total counter\nx_total{a=\"1 2\"} 3.0\ny 1\n\n";
        assertThat(ObservabilityFiles.scrapedNames(body)).containsExactly("x_total", "y");
    }
}
