package io.hookgate.request;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Request headers with case-insensitive lookup, in arrival order. Names are kept lower-case. */
public final class RequestHeaders {

    private final Map<String, List<String>> byName;

    private RequestHeaders(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    public static RequestHeaders of(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new java.util.ArrayList<>())
                .addAll(values));
        lower.replaceAll((name, values) -> List.copyOf(values));
        return new RequestHeaders(Collections.unmodifiableMap(lower));
    }

    /** Convenience for tests and single-valued headers. */
    public static RequestHeaders of(String... namesAndValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            map.computeIfAbsent(namesAndValues[i], n -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return of(map);
    }

    /** The first value of the header, or null when it is absent. */
    public String first(String name) {
        List<String> values = byName.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, List<String>> asMap() {
        return byName;
    }
}
