package io.hookgate.admin;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A plain list answer, {"items": [...]}, leaving room for paging fields later. */
@RegisterForReflection
public record Items<T>(List<T> items) {
}
