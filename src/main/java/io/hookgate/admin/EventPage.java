package io.hookgate.admin;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A newest-first page of events; nextCursor is null on the last page. */
@RegisterForReflection
public record EventPage(List<EventSummary> items, String nextCursor) {
}
