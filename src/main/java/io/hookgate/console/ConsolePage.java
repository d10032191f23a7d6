package io.hookgate.console;

import java.util.List;

/**
 * What every console page shows around its content: which tab is active, the CSRF token for its forms, the sources
 * for the filter menus, and a message from the last action (escaped like everything else).
 */
public record ConsolePage(String nav, String csrf, List<String> sources, String notice, String error) {
}
