package dev.lakehouse.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the dashboard needs before anyone has signed in (where to sign in), and who the caller is once signed in. The
 * first is public on purpose: it names the issuer and a public client id, both of which the issuer publishes anyway.
 */
@Path("/api/sign-in")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in")
public class SignInResource {

    public record Settings(String issuer, String clientId, String scope) {}

    public record Me(String name, List<String> roles) {}

    private final SignInConfig config;
    private final String issuer;
    private final SecurityIdentity identity;

    SignInResource(
            SignInConfig config,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer,
            SecurityIdentity identity) {
        this.config = config;
        this.issuer = issuer;
        this.identity = identity;
    }

    @GET
    @Path("/settings")
    @PermitAll
    @Operation(summary = "The OIDC issuer and public client the dashboard signs in with")
    public Settings settings() {
        return new Settings(config.browserIssuer().orElse(issuer), config.dashboardClientId(), "openid");
    }

    @GET
    @Path("/me")
    @jakarta.annotation.security.RolesAllowed({
        AccessRoles.VIEWER,
        AccessRoles.ANALYST,
        AccessRoles.OPERATOR,
        AccessRoles.PRIVACY
    })
    @Operation(summary = "The signed-in user's name and roles (the dashboard shows them)")
    public Me me() {
        return new Me(
                identity.getPrincipal().getName(),
                identity.getRoles().stream().sorted().toList());
    }
}
