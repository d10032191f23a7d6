package io.hookgate.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A route's event-type selector ({@code hookgate.routes.<name>.types}): comma-separated globs such as
 * {@code invoice.*, customer.created}. {@code *} matches any run of characters (dots and nothing included), {@code ?}
 * exactly one character (one UTF-16 unit); every other character is literal, so {@code .}, {@code +}, {@code (} or
 * {@code \} mean themselves. Matching is case-sensitive. A glob of stars only matches every type, and is the only glob
 * that matches an event without a type (null).
 *
 * <p>No regular expressions: the globs are sorted once into exact names (a hash lookup), prefixes ({@code invoice.*})
 * and general patterns, the last matched with a linear-time wildcard walk that cannot backtrack catastrophically.
 */
public final class TypeGlobs {

    private final String configured;
    private final boolean matchesAll;
    private final Set<String> exact;
    private final String[] prefixes;
    private final String[] patterns;

    private TypeGlobs(String configured, boolean matchesAll, Set<String> exact, String[] prefixes, String[] patterns) {
        this.configured = configured;
        this.matchesAll = matchesAll;
        this.exact = exact;
        this.prefixes = prefixes;
        this.patterns = patterns;
    }

    /** @throws IllegalArgumentException naming configKey when the list or one of its items is empty */
    public static TypeGlobs parse(String commaSeparated, String configKey) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            throw new IllegalArgumentException(configKey + ": empty glob list (give at least one glob, or * for all)");
        }
        String[] items = commaSeparated.split(",", -1);
        List<String> globs = new ArrayList<>(items.length);
        boolean matchesAll = false;
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            String glob = items[i].strip();
            if (glob.isEmpty()) {
                throw new IllegalArgumentException(configKey + ": empty glob (item " + (i + 1) + " of \"" + commaSeparated
                        + "\")");
            }
            globs.add(glob);
            String collapsed = collapseStars(glob);
            int star = collapsed.indexOf('*');
            boolean hasQuestion = collapsed.indexOf('?') >= 0;
            if (collapsed.equals("*")) {
                matchesAll = true;
            } else if (star < 0 && !hasQuestion) {
                exact.add(collapsed);
            } else if (!hasQuestion && star == collapsed.length() - 1) {
                prefixes.add(collapsed.substring(0, star));
            } else {
                patterns.add(collapsed);
            }
        }
        return new TypeGlobs(String.join(", ", globs), matchesAll, Set.copyOf(exact), prefixes.toArray(String[]::new),
                patterns.toArray(String[]::new));
    }

    /** @param eventType the event's type, or null when the provider sent none */
    public boolean matches(String eventType) {
        if (matchesAll) {
            return true;
        }
        if (eventType == null) {
            return false;
        }
        if (exact.contains(eventType)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (eventType.startsWith(prefix)) {
                return true;
            }
        }
        for (String pattern : patterns) {
            if (wildcardMatch(pattern, eventType)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return configured;
    }

    // "a**b" means "a*b"; collapsing makes "**" a match-all like "*", and keeps the walk below simple.
    private static String collapseStars(String glob) {
        if (!glob.contains("**")) {
            return glob;
        }
        StringBuilder sb = new StringBuilder(glob.length());
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*' || sb.isEmpty() || sb.charAt(sb.length() - 1) != '*') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The classic greedy walk: on a mismatch, go back to the last star only and let it swallow one more character.
     * Only the last star is ever revisited, so the work is at most pattern length times text length.
     */
    static boolean wildcardMatch(String pattern, String text) {
        int p = 0;
        int t = 0;
        int lastStar = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                lastStar = p++;
                starText = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (lastStar >= 0) {
                p = lastStar + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
