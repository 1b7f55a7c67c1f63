package dev.lakehouse.audit;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Audits every call {@link AuditedCalls} names, whatever its outcome: a response filter runs for every answer the API
 * gives, including those an exception mapper wrote (401, 403, 400, 503, 500), so a failing request cannot skip it.
 * Reads are buffered and the answer leaves at once; an operator action's answer waits (without holding a thread) for
 * the broker's acknowledgement of its event, up to lakehouse.audit.ack-timeout, after which it leaves anyway (the
 * action has happened) and the event is counted and logged as failed.
 */
public class AuditFilter {

    private static final Logger LOG = Logger.getLogger(AuditFilter.class);
    private static final int MAX_PARAMETERS = 10;
    private static final int MAX_VALUE = 64;

    @Inject
    CurrentIdentityAssociation identity;

    @Inject
    AuditTrail trail;

    @Inject
    AuditDetails details;

    @ServerResponseFilter
    public Uni<Void> audit(ContainerRequestContext request, ContainerResponseContext response) {
        Optional<AuditedCalls.Call> call =
                AuditedCalls.classify(request.getMethod(), request.getUriInfo().getPath());
        if (call.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The identity was settled while the request was authorized; a token that failed is an anonymous caller.
        return identity.getDeferredIdentity()
                .map(Caller::of)
                .onFailure()
                .recoverWithItem(Caller.NOBODY)
                .chain(caller -> {
                    AuditEvent event;
                    try {
                        event = event(call.get(), caller, request, response.getStatus());
                    } catch (RuntimeException e) {
                        LOG.errorf(
                                e,
                                "%s: cannot describe %s %s",
                                AuditTrail.UNSENT,
                                request.getMethod(),
                                request.getUriInfo().getPath());
                        return Uni.createFrom().voidItem();
                    }
                    var acked = trail.record(event);
                    if (!call.get().action().changesSomething()) {
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.createFrom()
                            .completionStage(acked)
                            .ifNoItem()
                            .after(trail.ackTimeout())
                            .recoverWithItem((Void) null)
                            .onFailure()
                            .recoverWithItem((Void) null)
                            .replaceWithVoid();
                });
    }

    private AuditEvent event(AuditedCalls.Call call, Caller caller, ContainerRequestContext request, int status) {
        return new AuditEvent(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                caller.subject(),
                caller.userName(),
                caller.roles(),
                call.action(),
                call.resource(),
                parameters(request.getUriInfo().getQueryParameters()),
                details.columns(),
                AuditOutcome.of(status),
                status,
                details.rowCount(),
                request.getMethod(),
                cut(request.getUriInfo().getPath(), 256));
    }

    /** The query parameters as sent (first value each), cut short like the API's echoes: a huge one stays small. */
    static Map<String, String> parameters(MultivaluedMap<String, String> query) {
        Map<String, String> kept = new TreeMap<>();
        for (var entry : query.entrySet()) {
            if (kept.size() == MAX_PARAMETERS) {
                break;
            }
            String value = entry.getValue().isEmpty() ? "" : entry.getValue().get(0);
            kept.put(cut(entry.getKey(), MAX_VALUE), cut(value == null ? "" : value, MAX_VALUE));
        }
        return kept;
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "...";
    }
}
