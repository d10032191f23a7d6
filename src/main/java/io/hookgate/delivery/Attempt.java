package io.hookgate.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * What one HTTP attempt gave: the status (0 when no answer came: a refused connection, a reset, a timeout), how long
 * it took, the first bytes of the answer, the error, and the Retry-After the destination asked for (null if none).
 */
public record Attempt(Instant startedAt, int status, Duration latency, String response, String error, Duration retryAfter) {

    public boolean delivered() {
        return status >= 200 && status < 300;
    }

    /** A 429 or 503 that says when to come back: waited out, not counted against the retry schedule. */
    public boolean asksToWait() {
        return (status == 429 || status == 503) && retryAfter != null;
    }

    /** What the delivery's last_error says. */
    public String describe() {
        if (delivered()) {
            return null;
        }
        return status == 0 ? error : "HTTP " + status + (retryAfter != null ? " (Retry-After " + retryAfter.toSeconds() + " s)" : "");
    }
}
