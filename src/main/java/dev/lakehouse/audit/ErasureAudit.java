package dev.lakehouse.audit;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The audit trail's entry for erasure requests. The privacy endpoint ({@code privacy/PrivacyResource}) calls
 * {@link #requested} before it sends the request: the event is acknowledged by the broker or the call throws
 * {@link AuditUnavailableException} (answer 503, nothing sent), so no erasure happens unrecorded. Its path is also in
 * {@link AuditedCalls}, so refused attempts (401, 403, 400) are audited like every other call.
 */
@ApplicationScoped
public class ErasureAudit {

    private final AuditTrail trail;

    ErasureAudit(AuditTrail trail) {
        this.trail = trail;
    }

    /**
     * Records that {@code who} asked to erase the customer {@code customerId} under the request {@code requestId}, and
     * returns once the audit topic has it. The customer id is the platform's pseudonymous id (never an e-mail or
     * name): the trail keeps it after the erasure as the proof that the request was made and carried out.
     */
    public AuditEvent requested(SecurityIdentity who, String requestId, String customerId) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(customerId, "customerId");
        Caller caller = Caller.of(who);
        AuditEvent event = new AuditEvent(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                caller.subject(),
                caller.userName(),
                caller.roles(),
                AuditAction.ERASURE_REQUEST,
                "erasure-request/" + requestId,
                Map.of("requestId", requestId, "customerId", customerId),
                null,
                AuditOutcome.ALLOWED,
                null,
                null,
                null,
                null);
        trail.recordAndWait(event);
        return event;
    }
}
