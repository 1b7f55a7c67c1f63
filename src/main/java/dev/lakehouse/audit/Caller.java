package dev.lakehouse.audit;

import io.quarkus.security.identity.SecurityIdentity;
import java.security.Principal;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who made a call, as the audit trail names them: the token's subject, the user name and the roles. */
public record Caller(String subject, String userName, List<String> roles) {

    /** No valid token: an anonymous call, or a token the issuer did not sign (the 401s). */
    public static final Caller NOBODY = new Caller(null, null, List.of());

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return NOBODY;
        }
        Principal principal = identity.getPrincipal();
        String subject = principal instanceof JsonWebToken jwt ? jwt.getSubject() : null;
        String name = principal instanceof JsonWebToken jwt && jwt.getClaim("preferred_username") != null
                ? String.valueOf((Object) jwt.getClaim("preferred_username"))
                : principal.getName();
        return new Caller(subject, name, identity.getRoles().stream().sorted().toList());
    }
}
