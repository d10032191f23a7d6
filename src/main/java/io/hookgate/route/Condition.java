package io.hookgate.route;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One compiled test on a value of the event: a body node at some path, or a header's value(s). The value is null when
 * the path is absent (a present JSON null is a NullNode), which is what lets {@code $exist} tell the two apart.
 */
@FunctionalInterface
interface Condition {

    boolean test(JsonNode value);
}
