package io.hookgate.event;

import java.util.Locale;

/** How an event reached hookgate: as a signed webhook, or fetched from the provider's log by reconciliation. */
public enum EventOrigin {
    WEBHOOK,
    RECONCILED;

    /** As stored in events.origin, shown by the admin API and sent as the AMQP property "origin". */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventOrigin fromCode(String code) {
        return code == null ? WEBHOOK : valueOf(code.toUpperCase(Locale.ROOT));
    }
}
