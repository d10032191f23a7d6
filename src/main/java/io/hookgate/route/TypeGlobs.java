package io.hookgate.route;
// STUB: replaced by branch route-filter
public final class TypeGlobs {
    private final String text;
    private TypeGlobs(String t) { text = t; }
    public static TypeGlobs parse(String s, String key) { return new TypeGlobs(s); }
    public boolean matches(String type) {
        for (String g : text.split(",")) {
            String r = java.util.regex.Pattern.quote(g.strip()).replace("*", "\\E.*\\Q");
            if (type != null && type.matches(r)) return true;
            if (g.strip().equals("*")) return true;
        }
        return false;
    }
    @Override public String toString() { return text; }
}
