package io.hookgate.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The filter form of the events, rejections and bulk-replay pages, as the user typed it, so the form shows it again
 * and the next page's link keeps it. The admin API's EventFilter does the parsing and the checking.
 */
public record Filters(String source, String status, String type, String since, String until, String dedupKey,
        String reason, String route) {

    static Filters from(Function<String, String> param) {
        return new Filters(v(param, "source"), v(param, "status"), v(param, "type"), v(param, "since"),
                v(param, "until"), v(param, "dedupKey"), v(param, "reason"),
                v(param, "route"));
    }

    private static String v(Function<String, String> param, String name) {
        String value = param.apply(name);
        return value == null ? "" : value.strip();
    }

    /** The events filter as EventFilter reads it. */
    Function<String, String> asParams() {
        Map<String, String> map = asMap();
        return key -> map.get(key);
    }

    /** This filter plus a cursor, as a query string for the next page's link. */
    public String nextQuery(String cursor) {
        StringBuilder query = new StringBuilder();
        asMap().forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                query.append(query.isEmpty() ? "" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return query + (query.isEmpty() ? "" : "&") + "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    private Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("source", source);
        map.put("status", status);
        map.put("type", type);
        map.put("since", since);
        map.put("until", until);
        map.put("dedupKey", dedupKey);
        map.put("reason", reason);
        map.put("route", route);
        return map;
    }
}
