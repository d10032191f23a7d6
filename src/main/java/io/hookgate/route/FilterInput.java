package io.hookgate.route;
// STUB: replaced by branch route-filter
public final class FilterInput {
    public static FilterInput of(java.util.Map<String, java.util.List<String>> headers, byte[] body) { return new FilterInput(); }
}
