package io.hookgate.route;
// STUB: replaced by branch route-filter
public final class RouteFilter {
    private final String text;
    private RouteFilter(String t) { text = t; }
    public static RouteFilter parse(String s, String key) { return new RouteFilter(s); }
    public boolean matches(FilterInput input) { return true; }
    public boolean needsBody() { return false; }
    @Override public String toString() { return text; }
}
