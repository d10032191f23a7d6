package io.hookgate.reconcile;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Which of a provider's event ids a source has stored already: one lookup on UNIQUE(source, dedup_key) per page. */
@ApplicationScoped
class StoredKeys {

    private static final String FIND = "SELECT dedup_key FROM events WHERE source = $1 AND dedup_key = ANY($2::text[])";

    private final Pool pool;

    StoredKeys(Pool pool) {
        this.pool = pool;
    }

    Uni<Set<String>> of(String source, List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery(FIND).execute(Tuple.of(source, keys.toArray(String[]::new))).map(rows -> {
            Set<String> stored = new HashSet<>();
            for (Row row : rows) {
                stored.add(row.getString(0));
            }
            return stored;
        });
    }
}
