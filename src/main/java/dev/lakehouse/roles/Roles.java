package dev.lakehouse.roles;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Which roles this instance runs: lakehouse.roles (env LAKEHOUSE_ROLES), e.g. validator,api. */
@ApplicationScoped
public class Roles {

    private final Set<Role> enabled;

    Roles(@ConfigProperty(name = "lakehouse.roles") Optional<Set<Role>> enabled) {
        this.enabled = enabled.orElse(Set.of());
    }

    public boolean has(Role role) {
        return enabled.contains(role);
    }
}
