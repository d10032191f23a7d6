package io.hookgate.admin;

import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Tuple;

/** A WHERE clause built from optional filters, with numbered parameters for the reactive client. */
final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** Adds "column op $n" when the value is present; the fragment uses ? for the parameter. */
    Where and(String fragment, Object value) {
        if (value != null) {
            params.add(value);
            conditions.add(fragment.replace("?", "$" + params.size()));
        }
        return this;
    }

    /** Adds a fragment with several ? parameters, all of which must be present. */
    Where andAll(String fragment, Object... values) {
        String sql = fragment;
        for (Object value : values) {
            params.add(value);
            sql = sql.replaceFirst("\\?", "\\$" + params.size());
        }
        conditions.add(sql);
        return this;
    }

    /** Appends a parameter that is not part of a condition (LIMIT, …) and returns its placeholder. */
    String param(Object value) {
        params.add(value);
        return "$" + params.size();
    }

    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    Tuple tuple() {
        return Tuple.tuple(params);
    }
}
