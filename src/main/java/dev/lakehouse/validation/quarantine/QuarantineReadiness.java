package dev.lakehouse.validation.quarantine;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the quarantine bucket cannot be written at all (no such bucket, no access), with S3's error text.
 * Readiness, not liveness: a new process would meet the same bucket, so restarting the pod heals nothing and would
 * only interrupt the validator, which goes on fine meanwhile (the dead letters wait on their topic). The archiver
 * keeps retrying and the check turns UP with the first object written.
 */
@Readiness
@ApplicationScoped
public class QuarantineReadiness implements HealthCheck {

    private final QuarantineRole quarantine;

    QuarantineReadiness(QuarantineRole quarantine) {
        this.quarantine = quarantine;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("quarantine").up();
        quarantine.bucketProblem().ifPresent(problem -> response.down().withData("s3Error", problem));
        return response.build();
    }
}
