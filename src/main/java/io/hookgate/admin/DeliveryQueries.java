package io.hookgate.admin;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hookgate.event.EventWriter;
import io.hookgate.route.ConfiguredRoute;
import io.hookgate.route.Routes;
import io.hookgate.source.Sources;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The deliveries of one event (one probe of the deliveries primary key: received_at and event_id are known). */
@ApplicationScoped
public class DeliveryQueries {

    private static final String OF_EVENT = """
            SELECT destination, state, attempts, failures, next_attempt_at, delivered_at, last_error, replays,
                   attempt_log::text AS attempt_log
            FROM deliveries WHERE received_at = $1 AND event_id = $2 ORDER BY destination""";

    private final Pool pool;
    private final Routes routes;
    private final Sources sources;
    private final ObjectMapper json;

    public DeliveryQueries(Pool pool, Routes routes, Sources sources, ObjectMapper json) {
        this.pool = pool;
        this.routes = routes;
        this.sources = sources;
        this.json = json;
    }

    /** The deliveries of an event, or null when there is no such event. */
    public Uni<Items<DeliveryView>> ofEvent(UUID id) {
        return pool.preparedQuery("SELECT received_at, source FROM events WHERE id = $1").execute(Tuple.of(id))
                .onItem().transformToUni(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    return of(id, row.getOffsetDateTime("received_at"), row.getString("source")).map(Items::new);
                });
    }

    /** The deliveries of a known event, by route name. */
    public Uni<List<DeliveryView>> of(UUID id, OffsetDateTime receivedAt, String source) {
        return pool.preparedQuery(OF_EVENT).execute(Tuple.of(receivedAt, id)).map(rows -> {
            List<DeliveryView> views = new ArrayList<>(rows.size());
            for (Row row : rows) {
                views.add(view(row, source));
            }
            return views;
        });
    }

    private DeliveryView view(Row row, String source) {
        String route = row.getString("destination");
        String destination = null;
        String kind = null;
        if (EventWriter.DEFAULT_DESTINATION.equals(route)) {
            destination = "amqp:" + sources.addressOf(source);
            kind = DestinationText.AMQP;
        } else {
            ConfiguredRoute configured = routes.find(route);
            if (configured != null) {
                destination = DestinationText.of(configured.destination());
                kind = DestinationText.kind(configured);
            }
        }
        return new DeliveryView(route, destination, kind, row.getString("state"), row.getInteger("attempts"),
                row.getInteger("failures"), text(row.getOffsetDateTime("next_attempt_at")),
                text(row.getOffsetDateTime("delivered_at")), row.getString("last_error"), row.getInteger("replays"),
                attemptLog(row.getString("attempt_log")));
    }

    private JsonNode attemptLog(String stored) {
        if (stored == null) {
            return json.createArrayNode();
        }
        try {
            return json.readTree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("attempt_log is JSON", e);
        }
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toString();
    }
}
