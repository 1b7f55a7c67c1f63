package dev.lakehouse.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which calls are audited, as what: the table in docs/security.md ("Audit trail"). */
class AuditedCallsTest {

    @Test
    void readsOfLakeDataAndOperatorActionsAreAuditedMetadataIsNot() {
        assertThat(AuditedCalls.classify("GET", "/api/tables/silver/orders/rows"))
                .contains(new AuditedCalls.Call(AuditAction.READ_TABLE_ROWS, "silver.orders"));
        assertThat(AuditedCalls.classify("GET", "/api/tables/bronze/events/snapshots/"))
                .contains(new AuditedCalls.Call(AuditAction.READ_TABLE_SNAPSHOTS, "bronze.events"));
        assertThat(AuditedCalls.classify("GET", "/api/tables/../../etc/passwd/rows"))
                .contains(new AuditedCalls.Call(AuditAction.READ_TABLE_ROWS, "......etc.passwd"));
        assertThat(AuditedCalls.classify("GET", "/api/kpis/stock"))
                .contains(new AuditedCalls.Call(AuditAction.READ_KPI, "gold.stock_current,silver.catalog"));
        assertThat(AuditedCalls.classify("GET", "/api/summary").orElseThrow().resource())
                .contains("gold.revenue_per_minute", "gold.active_sessions");
        assertThat(AuditedCalls.classify("GET", "/api/recommendations/c-1").orElseThrow())
                .satisfies(c -> assertThat(c.action()).isEqualTo(AuditAction.READ_TABLE_ROWS))
                .satisfies(c -> assertThat(c.resource()).contains("ml.recommendations"));
        assertThat(AuditedCalls.classify("GET", "/api/recommendations")).isPresent();
        assertThat(AuditedCalls.classify("POST", "/generator/start"))
                .contains(new AuditedCalls.Call(AuditAction.GENERATOR_START, "generator"));
        assertThat(AuditedCalls.classify("PUT", "/generator/rate"))
                .contains(new AuditedCalls.Call(AuditAction.GENERATOR_RATE, "generator"));
        assertThat(AuditedCalls.classify("POST", "/generator/stop"))
                .contains(new AuditedCalls.Call(AuditAction.GENERATOR_STOP, "generator"));
        for (String[] notAudited : new String[][] {
            {"GET", "/api/lake/tables"},
            {"GET", "/api/pipeline"},
            {"GET", "/api/sign-in/me"},
            {"GET", "/generator/status"},
            {"GET", "/q/health"},
            {"GET", "/"},
            {"DELETE", "/api/tables/silver/orders/rows"}
        }) {
            assertThat(AuditedCalls.classify(notAudited[0], notAudited[1]))
                    .as(String.join(" ", notAudited))
                    .isEqualTo(Optional.empty());
        }
        assertThat(AuditedCalls.classify("GET", "/api/tables/" + "x/".repeat(200) + "rows")
                        .orElseThrow()
                        .resource())
                .hasSize(131);
    }

    @Test
    void outcomesFollowTheStatus() {
        assertThat(AuditOutcome.of(200)).isEqualTo(AuditOutcome.ALLOWED);
        assertThat(AuditOutcome.of(202)).isEqualTo(AuditOutcome.ALLOWED);
        assertThat(AuditOutcome.of(401)).isEqualTo(AuditOutcome.DENIED);
        assertThat(AuditOutcome.of(403)).isEqualTo(AuditOutcome.DENIED);
        assertThat(AuditOutcome.of(400)).isEqualTo(AuditOutcome.REJECTED);
        assertThat(AuditOutcome.of(409)).isEqualTo(AuditOutcome.REJECTED);
        assertThat(AuditOutcome.of(503)).isEqualTo(AuditOutcome.ERROR);
    }
}
