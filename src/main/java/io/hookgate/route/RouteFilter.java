package io.hookgate.route;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A route's filter ({@code hookgate.routes.<name>.filter}): a JSON match on a stored event's headers and body, in
 * Hookdeck's style. Compiled once at configuration time into a tree of small conditions; evaluated per event.
 *
 * <pre>
 * {"headers": {"x-github-event": "push"},
 *  "body": {"data": {"object": {"currency": {"$in": ["eur", "usd"]}, "amount": {"$gte": 1000}}},
 *           "type": {"$startsWith": "invoice."}},
 *  "$or": [{"body": {"livemode": true}}, {"headers": {"x-test": {"$exist": false}}}]}
 * </pre>
 *
 * <ul>
 * <li>Top level: {@code headers}, {@code body}, {@code $and}, {@code $or} (non-empty arrays of whole filters) and
 * {@code $not} (a whole filter). All present keys must hold; {@code {}} matches every event.</li>
 * <li>At a path, an object of field keys means every field must match at that nested path; it may mix in operators,
 * which must hold too. A literal (string, number, boolean, null) means equality; numbers by value (1 equals 1.0); a
 * string never equals a number in the body.</li>
 * <li>Operators: {@code $eq}, {@code $neq}, {@code $in}, {@code $nin}, {@code $startsWith}, {@code $endsWith},
 * {@code $gt}, {@code $gte}, {@code $lt}, {@code $lte} (numbers), {@code $exist} (alias {@code $exists}: present,
 * even as JSON null, or absent), {@code $not} (negates what it holds), {@code $and}, {@code $or}.</li>
 * <li>Arrays: a literal array in the filter means the event's value is an array containing every item. When the
 * event's value is an array, a literal, an object of fields or a value operator matches if any element does; so
 * {@code {"tags": "vip"}} matches {@code ["a", "vip"]}. {@code $exist}, {@code $not}, {@code $and}, {@code $or} see
 * the value as a whole.</li>
 * <li>A missing path matches nothing, except {@code $exist: false}, a {@code $not} whose condition fails, and
 * {@code $neq}/{@code $nin}: "is not X" is true of a value that is not there. Combined with any-element matching this
 * means {@code {"tags": {"$neq": "vip"}}} holds when some tag is not "vip"; for "no tag is vip" write
 * {@code {"tags": {"$not": "vip"}}}.</li>
 * <li>{@code headers}: names match case-insensitively; values are strings, and a condition matches if any value of
 * a repeated header does. Number and boolean literals compare by their JSON text ({@code 1} matches "1"); the order
 * operators read a header value as a number. One level only: no nested objects under a header name.</li>
 * <li>{@code body}: parsed once, and only if some condition reads it. An empty or non-JSON body (or one beyond
 * Jackson's nesting and number-length limits) has no paths; evaluation never throws.</li>
 * </ul>
 *
 * Keys beginning with {@code $} are operators, so a body field whose name begins with {@code $} cannot be matched.
 */
public final class RouteFilter {

    private final Rule rule;
    private final boolean needsBody;
    private final String canonical;

    private RouteFilter(Rule rule, boolean needsBody, String canonical) {
        this.rule = rule;
        this.needsBody = needsBody;
        this.canonical = canonical;
    }

    /**
     * @throws IllegalArgumentException whose message starts with configKey and names the JSON path of the mistake
     */
    public static RouteFilter parse(String json, String configKey) {
        FilterCompiler compiler = new FilterCompiler(configKey);
        JsonNode tree = compiler.read(json);
        Rule rule = compiler.filter(tree, "");
        return new RouteFilter(rule, compiler.readsBody(), FilterCompiler.canonical(tree));
    }

    public boolean matches(FilterInput input) {
        return rule.matches(input);
    }

    /** Whether any condition reads the body (otherwise the body need not be parsed, nor even loaded). */
    public boolean needsBody() {
        return needsBody;
    }

    /** The filter as configured, as compact JSON with sorted keys. */
    @Override
    public String toString() {
        return canonical;
    }
}
