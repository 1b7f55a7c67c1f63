package dev.lakehouse.api;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem the API answers with ({@code application/problem+json}): thrown anywhere below a resource,
 * written by {@link ProblemMapper}.
 */
public class Problem extends RuntimeException {

    private final int status;
    private final String title;

    public Problem(Response.Status status, String title, String detail) {
        super(detail);
        this.status = status.getStatusCode();
        this.title = title;
    }

    public static Problem badRequest(String detail) {
        return new Problem(Response.Status.BAD_REQUEST, "Bad request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(Response.Status.NOT_FOUND, "Not found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
