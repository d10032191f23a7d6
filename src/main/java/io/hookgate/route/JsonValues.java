package io.hookgate.route;

import java.math.BigDecimal;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Equality and ordering of JSON values as a filter sees them: numbers by value (1 equals 1.0, whatever node type
 * Jackson chose), everything else by type and content. Never throws on what a hostile body can hold (a 1e400 that
 * Jackson read as infinity, a 1,000-digit integer).
 */
final class JsonValues {

    private JsonValues() {
    }

    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isTextual()) {
            return a.textValue().equals(b.textValue());
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b); // booleans, null
    }

    /** Both arguments are numbers. */
    static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            if (a.canConvertToLong() && b.canConvertToLong()) {
                return Long.compare(a.longValue(), b.longValue());
            }
            return a.bigIntegerValue().compareTo(b.bigIntegerValue());
        }
        if (a.isDouble() || a.isFloat() || b.isDouble() || b.isFloat()) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            // Infinity (an overflowing literal) has no BigDecimal; doubles order it correctly.
            if (!Double.isFinite(x) || !Double.isFinite(y) || (!a.isBigInteger() && !b.isBigInteger()
                    && !a.isBigDecimal() && !b.isBigDecimal() && fitsDouble(a) && fitsDouble(b))) {
                return x < y ? -1 : x > y ? 1 : 0; // not Double.compare: -0.0 equals 0.0
            }
        }
        return a.decimalValue().compareTo(b.decimalValue());
    }

    // A long beyond 2^53 loses digits as a double: compare such values as decimals.
    private static boolean fitsDouble(JsonNode n) {
        if (!n.isIntegralNumber()) {
            return true;
        }
        long v = n.longValue();
        return v > -(1L << 53) && v < (1L << 53);
    }

    /** A header value read as a number, or null; bounded so that a hostile header costs nothing. */
    static BigDecimal parseNumber(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(text.strip());
            // An exponent far out of range makes later arithmetic slow; no real header needs it.
            return Math.abs(d.scale()) > 1000 ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
