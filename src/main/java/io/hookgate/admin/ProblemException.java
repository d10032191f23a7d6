package io.hookgate.admin;

/**
 * An admin request refused with a specific status and machine-readable reason (unknown_route, unrouted, ...); the
 * admin API answers it as problem+json, the console as its error page. The message must carry no secret.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String reason;

    public ProblemException(int status, String title, String reason, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.reason = reason;
    }

    static ProblemException unknownRoute(String name, int status) {
        return new ProblemException(status, status == 404 ? "Not Found" : "Bad Request", "unknown_route",
                "no such route: " + name + " (GET /admin/routes lists them)");
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String reason() {
        return reason;
    }
}
