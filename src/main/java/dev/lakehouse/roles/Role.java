package dev.lakehouse.roles;

/** What one running instance of the platform does; one image, one Deployment per role. */
public enum Role {
    GENERATOR,
    VALIDATOR,
    API
}
