package dev.lakehouse.kafka;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Kafka instantiates its SASL login module and callback handler from class names in the
 * configuration (sasl.jaas.config, sasl.client.callback.handler.class), so a native image must
 * keep them reflectively reachable for MSK IAM authentication.
 */
@RegisterForReflection(
        classNames = {
            "software.amazon.msk.auth.iam.IAMLoginModule",
            "software.amazon.msk.auth.iam.IAMClientCallbackHandler"
        })
final class MskIamReflection {
    private MskIamReflection() {}
}
