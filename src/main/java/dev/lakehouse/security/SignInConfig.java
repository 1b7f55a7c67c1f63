package dev.lakehouse.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * lakehouse.sign-in.*: what the dashboard needs to send a browser to the identity provider. The API itself checks
 * tokens with Quarkus OIDC (quarkus.oidc.*); docs/security.md lists both.
 */
@ConfigMapping(prefix = "lakehouse.sign-in")
public interface SignInConfig {

    /** The public OIDC client the dashboard signs in with (authorization code flow with PKCE, no secret). */
    @WithDefault("lakehouse-dashboard")
    String dashboardClientId();

    /**
     * The issuer as the browser reaches it, when that differs from the address the app uses (an in-cluster URL);
     * default quarkus.oidc.auth-server-url.
     */
    Optional<String> browserIssuer();
}
