package io.hookgate.route;

import java.math.BigDecimal;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The condition kinds a filter compiles to. Each is a small immutable object; evaluating one allocates nothing.
 *
 * <p>Array lifting: when the event's value is an array, the value tests ({@link Equals}, {@link In},
 * {@link StartsWith}, {@link Compare}, {@link Fields} ...) match if any element matches. {@link Exists},
 * {@link ContainsAll} and the logical {@link Not}, {@link And}, {@link Or} look at the value as a whole (their inner
 * conditions do their own lifting).
 */
final class Conditions {

    private Conditions() {
    }

    /** A test of one element; {@link #test} applies it to each element of an array value. */
    abstract static class ElementTest implements Condition {

        @Override
        public final boolean test(JsonNode value) {
            if (value != null && value.isArray()) {
                for (JsonNode element : value) {
                    if (testElement(element)) {
                        return true;
                    }
                }
                return false;
            }
            return testElement(value);
        }

        /** @param value never an array of the event's value (one of its elements may be an array), null if absent */
        abstract boolean testElement(JsonNode value);
    }

    /** A literal or {@code $eq}: the value, or one of its elements, equals the operand (numbers by value). */
    static final class Equals implements Condition {
        private final JsonNode operand;

        Equals(JsonNode operand) {
            this.operand = operand;
        }

        @Override
        public boolean test(JsonNode value) {
            if (value == null) {
                return false;
            }
            if (JsonValues.equal(value, operand)) {
                return true;
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (JsonValues.equal(element, operand)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** {@code $neq}: true for an absent value; for an array, true if any element differs. */
    static final class NotEquals extends ElementTest {
        private final JsonNode operand;

        NotEquals(JsonNode operand) {
            this.operand = operand;
        }

        @Override
        boolean testElement(JsonNode value) {
            return value == null || !JsonValues.equal(value, operand);
        }
    }

    /** {@code $in} ({@code negated}: {@code $nin}, true for an absent value). */
    static final class In extends ElementTest {
        private final Set<String> strings; // all the textual operands: a hash lookup for the common case
        private final JsonNode[] others;
        private final boolean negated;

        In(Set<String> strings, JsonNode[] others, boolean negated) {
            this.strings = strings;
            this.others = others;
            this.negated = negated;
        }

        @Override
        boolean testElement(JsonNode value) {
            if (value == null) {
                return negated;
            }
            return contains(value) != negated;
        }

        private boolean contains(JsonNode value) {
            if (value.isTextual()) {
                return strings.contains(value.textValue());
            }
            for (JsonNode other : others) {
                if (JsonValues.equal(value, other)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code $startsWith} / {@code $endsWith}: strings only. */
    static final class Affix extends ElementTest {
        private final String affix;
        private final boolean prefix;

        Affix(String affix, boolean prefix) {
            this.affix = affix;
            this.prefix = prefix;
        }

        @Override
        boolean testElement(JsonNode value) {
            if (value == null || !value.isTextual()) {
                return false;
            }
            return prefix ? value.textValue().startsWith(affix) : value.textValue().endsWith(affix);
        }
    }

    enum Order {
        GT, GTE, LT, LTE;

        boolean holds(int cmp) {
            return switch (this) {
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
            };
        }
    }

    /** {@code $gt/$gte/$lt/$lte}: numbers only; under {@code headers}, a value that reads as a number. */
    static final class Compare extends ElementTest {
        private final Order order;
        private final JsonNode operand;
        private final BigDecimal decimalOperand;
        private final boolean header;

        Compare(Order order, JsonNode operand, boolean header) {
            this.order = order;
            this.operand = operand;
            this.header = header;
            BigDecimal d;
            try {
                d = operand.decimalValue();
            } catch (NumberFormatException e) {
                d = null; // an infinite operand: headers never reach it
            }
            this.decimalOperand = d;
        }

        @Override
        boolean testElement(JsonNode value) {
            if (value == null) {
                return false;
            }
            if (value.isNumber()) {
                return order.holds(JsonValues.compareNumbers(value, operand));
            }
            if (header && value.isTextual() && decimalOperand != null) {
                BigDecimal parsed = JsonValues.parseNumber(value.textValue());
                return parsed != null && order.holds(parsed.compareTo(decimalOperand));
            }
            return false;
        }
    }

    /** {@code $exist} / {@code $exists}: presence, even of a JSON null. */
    static final class Exists implements Condition {
        private final boolean expected;

        Exists(boolean expected) {
            this.expected = expected;
        }

        @Override
        public boolean test(JsonNode value) {
            return (value != null) == expected;
        }
    }

    /**
     * An object of field keys: each key's condition holds on that field of the same element. A value that is not an
     * object has no fields (they are absent, so only absence-tolerant conditions such as {@code $exist: false} hold).
     */
    static final class Fields extends ElementTest {
        private final String[] keys;
        private final Condition[] conditions;

        Fields(String[] keys, Condition[] conditions) {
            this.keys = keys;
            this.conditions = conditions;
        }

        @Override
        boolean testElement(JsonNode value) {
            boolean object = value != null && value.isObject();
            for (int i = 0; i < keys.length; i++) {
                if (!conditions[i].test(object ? value.get(keys[i]) : null)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A literal array: the value is an array with, for every item, some element matching it (Hookdeck's
     * "contains all"). Under {@code headers} a single value counts as a one-element array.
     */
    static final class ContainsAll implements Condition {
        private final Condition[] items;
        private final boolean header;

        ContainsAll(Condition[] items, boolean header) {
            this.items = items;
            this.header = header;
        }

        @Override
        public boolean test(JsonNode value) {
            if (value == null) {
                return false;
            }
            if (!value.isArray()) {
                if (!header) {
                    return false;
                }
                for (Condition item : items) {
                    if (!item.test(value)) {
                        return false;
                    }
                }
                return true;
            }
            for (Condition item : items) {
                boolean found = false;
                for (JsonNode element : value) {
                    if (item.test(element)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Not implements Condition {
        private final Condition inner;

        Not(Condition inner) {
            this.inner = inner;
        }

        @Override
        public boolean test(JsonNode value) {
            return !inner.test(value);
        }
    }

    static final class And implements Condition {
        private final Condition[] parts;

        And(Condition[] parts) {
            this.parts = parts;
        }

        @Override
        public boolean test(JsonNode value) {
            for (Condition part : parts) {
                if (!part.test(value)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Or implements Condition {
        private final Condition[] parts;

        Or(Condition[] parts) {
            this.parts = parts;
        }

        @Override
        public boolean test(JsonNode value) {
            for (Condition part : parts) {
                if (part.test(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final Condition ALWAYS = value -> true;
}
