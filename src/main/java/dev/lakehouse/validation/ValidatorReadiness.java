package dev.lakehouse.validation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the validator has rebuilt its state and the group assigned its partitions. */
@Readiness
@ApplicationScoped
public class ValidatorReadiness implements HealthCheck {

    private final ValidatorRole validator;

    ValidatorReadiness(ValidatorRole validator) {
        this.validator = validator;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("validator").status(validator.ready()).build();
    }
}
