package io.hookgate.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Turns a filter's JSON into a tree of {@link Rule}s and {@link Condition}s, once, at configuration time; every
 * mistake is reported here, with the config key and the JSON path, so that evaluation never meets a bad filter.
 */
final class FilterCompiler {

    static final String KNOWN_OPERATORS = "$eq, $neq, $in, $nin, $startsWith, $endsWith, $exist, $exists, $gt, $gte, "
            + "$lt, $lte, $not, $and, $or";

    // Duplicate keys are an error: with Jackson's default (last one wins) half of a filter would be ignored silently.
    private static final JsonMapper CONFIG_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String configKey;
    private boolean readsBody;

    FilterCompiler(String configKey) {
        this.configKey = configKey;
    }

    boolean readsBody() {
        return readsBody;
    }

    JsonNode read(String json) {
        if (json == null || json.isBlank()) {
            throw error("", "invalid JSON: the filter is empty");
        }
        try {
            JsonNode node = CONFIG_JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw error("", "invalid JSON: the filter is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw error("", "invalid JSON: " + reason + where);
        }
    }

    /** A whole filter: an object of {@code headers}, {@code body}, {@code $and}, {@code $or}, {@code $not}. */
    Rule filter(JsonNode node, String path) {
        if (!node.isObject()) {
            throw error(path, "a filter is a JSON object, not " + describe(node));
        }
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            String at = join(path, key);
            switch (key) {
                case "headers" -> rules.addAll(headers(value, at));
                case "body" -> {
                    readsBody = true;
                    Condition c = condition(value, at, false);
                    rules.add(input -> c.test(input.body()));
                }
                case "$and" -> {
                    Rule[] parts = filters(value, at);
                    rules.add(input -> {
                        for (Rule part : parts) {
                            if (!part.matches(input)) {
                                return false;
                            }
                        }
                        return true;
                    });
                }
                case "$or" -> {
                    Rule[] parts = filters(value, at);
                    rules.add(input -> {
                        for (Rule part : parts) {
                            if (part.matches(input)) {
                                return true;
                            }
                        }
                        return false;
                    });
                }
                case "$not" -> {
                    if (!value.isObject()) {
                        throw error(path, "$not expects a filter object, not " + describe(value));
                    }
                    Rule inner = filter(value, at);
                    rules.add(input -> !inner.matches(input));
                }
                default -> throw error(path, "unknown " + (path.isEmpty() ? "top-level " : "") + "key \"" + key
                        + "\" (allowed: headers, body, $and, $or, $not)");
            }
        }
        return allOf(rules.toArray(Rule[]::new));
    }

    private static Rule allOf(Rule[] rules) {
        if (rules.length == 1) {
            return rules[0];
        }
        return input -> {
            for (Rule r : rules) {
                if (!r.matches(input)) {
                    return false;
                }
            }
            return true;
        };
    }

    private Rule[] filters(JsonNode value, String path) {
        JsonNode[] items = objectArray(value, path);
        Rule[] rules = new Rule[items.length];
        for (int i = 0; i < items.length; i++) {
            rules[i] = filter(items[i], path + "[" + i + "]");
        }
        return rules;
    }

    private List<Rule> headers(JsonNode value, String path) {
        if (!value.isObject()) {
            throw error(path, "expects an object of header names, not " + describe(value));
        }
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (e.getKey().startsWith("$")) {
                throw error(path, "\"" + e.getKey() + "\" is not a header name: put operators under a header name, "
                        + "and combine headers with a top-level $and/$or/$not");
            }
            String name = e.getKey().toLowerCase(Locale.ROOT); // stored header names are lower-case
            Condition c = condition(e.getValue(), join(path, e.getKey()), true);
            rules.add(input -> c.test(input.header(name)));
        }
        return rules;
    }

    /** A condition on the value at path: a literal, a literal array, or an object of operators and/or fields. */
    Condition condition(JsonNode node, String path, boolean header) {
        if (node.isObject()) {
            List<Condition> parts = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<Condition> fields = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey();
                if (key.startsWith("$")) {
                    parts.add(operator(key, e.getValue(), path, header));
                } else if (header) {
                    throw error(path, "headers are one level: \"" + key + "\" is not an operator (a header's "
                            + "condition is a literal or an object of operators)");
                } else {
                    keys.add(key);
                    fields.add(condition(e.getValue(), join(path, key), false));
                }
            }
            if (!keys.isEmpty()) {
                parts.add(new Conditions.Fields(keys.toArray(String[]::new), fields.toArray(Condition[]::new)));
            }
            return switch (parts.size()) {
                case 0 -> Conditions.ALWAYS;
                case 1 -> parts.get(0);
                default -> new Conditions.And(parts.toArray(Condition[]::new));
            };
        }
        if (node.isArray()) {
            Condition[] items = new Condition[node.size()];
            for (int i = 0; i < items.length; i++) {
                String at = path + "[" + i + "]";
                items[i] = header ? new Conditions.Equals(headerLiteral(node.get(i), at, "an array item"))
                        : condition(node.get(i), at, false);
            }
            return new Conditions.ContainsAll(items, header);
        }
        return new Conditions.Equals(header ? headerLiteral(node, path, "a value") : node);
    }

    private Condition operator(String op, JsonNode operand, String path, boolean header) {
        String at = join(path, op);
        return switch (op) {
            case "$eq" -> new Conditions.Equals(header ? headerLiteral(operand, path, op) : operand);
            case "$neq" -> new Conditions.NotEquals(header ? headerLiteral(operand, path, op) : operand);
            case "$in", "$nin" -> in(op, operand, path, header);
            case "$startsWith", "$endsWith" -> {
                if (!operand.isTextual()) {
                    throw error(path, op + " expects a string, not " + describe(operand));
                }
                yield new Conditions.Affix(operand.textValue(), op.equals("$startsWith"));
            }
            case "$gt", "$gte", "$lt", "$lte" -> {
                if (!operand.isNumber()) {
                    throw error(path, op + " expects a number, not " + describe(operand));
                }
                Conditions.Order order = Conditions.Order.valueOf(op.substring(1).toUpperCase(Locale.ROOT));
                yield new Conditions.Compare(order, operand, header);
            }
            case "$exist", "$exists" -> {
                if (!operand.isBoolean()) {
                    throw error(path, op + " expects true or false, not " + describe(operand));
                }
                yield new Conditions.Exists(operand.booleanValue());
            }
            case "$not" -> {
                if (operand.isArray()) {
                    throw error(path, "$not expects an object or a literal, not an array (negate several "
                            + "conditions with {\"$not\": {\"$and\": [...]}} or {\"$not\": {\"$or\": [...]}})");
                }
                yield new Conditions.Not(condition(operand, at, header));
            }
            case "$and", "$or" -> {
                JsonNode[] items = objectArray(operand, at);
                Condition[] parts = new Condition[items.length];
                for (int i = 0; i < items.length; i++) {
                    parts[i] = condition(items[i], at + "[" + i + "]", header);
                }
                yield op.equals("$and") ? new Conditions.And(parts) : new Conditions.Or(parts);
            }
            default -> throw error(path, "unknown operator " + op + " (known: " + KNOWN_OPERATORS + ")");
        };
    }

    private Condition in(String op, JsonNode operand, String path, boolean header) {
        if (!operand.isArray()) {
            throw error(path, op + " expects an array of values, not " + describe(operand));
        }
        Set<String> strings = new HashSet<>();
        List<JsonNode> others = new ArrayList<>();
        for (int i = 0; i < operand.size(); i++) {
            JsonNode item = operand.get(i);
            if (header) {
                item = headerLiteral(item, join(path, op) + "[" + i + "]", "an item");
            }
            if (item.isTextual()) {
                strings.add(item.textValue());
            } else {
                others.add(item);
            }
        }
        return new Conditions.In(Set.copyOf(strings), others.toArray(JsonNode[]::new), op.equals("$nin"));
    }

    /** Header values are strings: a number or boolean literal is compared by its JSON text ({@code 1} as "1"). */
    private TextNode headerLiteral(JsonNode node, String path, String what) {
        if (node.isTextual()) {
            return (TextNode) node;
        }
        if (node.isNumber() || node.isBoolean()) {
            return TextNode.valueOf(node.toString());
        }
        String hint = node.isNull() ? " (a header has string values; to require its absence use {\"$exist\": false})"
                : " (headers are one level of strings)";
        throw error(path, what + " under headers must be a string, number or boolean, not " + describe(node) + hint);
    }

    private JsonNode[] objectArray(JsonNode value, String path) {
        if (!value.isArray() || value.isEmpty()) {
            throw error(path, "expects a non-empty array of objects, not " + describe(value));
        }
        JsonNode[] items = new JsonNode[value.size()];
        for (int i = 0; i < items.length; i++) {
            if (!value.get(i).isObject()) {
                throw error(path + "[" + i + "]", "expects an object, not " + describe(value.get(i)));
            }
            items[i] = value.get(i);
        }
        return items;
    }

    private IllegalArgumentException error(String path, String message) {
        return new IllegalArgumentException(configKey + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(JsonNode node) {
        if (node.isArray()) {
            return node.isEmpty() ? "an empty array" : "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isNull()) {
            return "null";
        }
        String text = node.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        String kind = node.isTextual() ? "a string" : node.isNumber() ? "a number" : "a boolean";
        return kind + " (" + text + ")";
    }

    /** Compact JSON with object keys sorted: one spelling per filter, whatever the configured order and spacing. */
    static String canonical(JsonNode node) {
        try {
            return CONFIG_JSON.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree Jackson just parsed always writes back
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> byKey = new TreeMap<>();
            node.properties().forEach(e -> byKey.put(e.getKey(), sorted(e.getValue())));
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            byKey.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }
}
