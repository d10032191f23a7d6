package io.hookgate.route;

/** A compiled whole-filter test ({@code headers}, {@code body}, or a top-level {@code $and/$or/$not} of filters). */
@FunctionalInterface
interface Rule {

    boolean matches(FilterInput input);
}
