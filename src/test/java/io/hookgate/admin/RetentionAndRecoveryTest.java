package io.hookgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hookgate.config.HookgateConfig;
import io.hookgate.event.EventIds;
import io.hookgate.retention.RetentionJob;
import io.hookgate.storage.PartitionMaintenance;
import io.hookgate.support.Await;
import io.hookgate.support.Db;
import io.hookgate.support.EmbeddedServersResource;
import io.hookgate.support.TestSources;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EmbeddedServersResource.class)
class RetentionAndRecoveryTest {

    @Inject
    RetentionJob retention;

    @Inject
    PartitionMaintenance partitions;

    @Test
    void retentionDropsExpiredPartitionsWholeButNeverOneWithAPendingDelivery() {
        String source = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        // Noon, so that the 30 seeded seconds stay in one day's partition.
        Instant old = Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
        Instant olderPending = old.minus(Duration.ofDays(5));
        List<UUID> oldPublished = Seed.events(source, 30, old, "PUBLISHED");
        List<UUID> oldPending = Seed.events(source + "-pending", 5, olderPending, "PENDING");
        // Keep the relay away from them: published, they would rightly become droppable.
        Db.query("UPDATE deliveries SET next_attempt_at = now() + interval '1 day' WHERE event_id = ANY(?) RETURNING event_id",
                (Object) oldPending.toArray(UUID[]::new));
        List<UUID> recent = Seed.events(source, 10, Instant.now().minus(Duration.ofDays(1)), "PUBLISHED");
        UUID oldRejection = rejection(old);
        UUID newRejection = rejection(Instant.now());
        UUID oldJob = job(old, "COMPLETED");
        UUID newJob = job(Instant.now(), "COMPLETED");
        String oldDay = "events_p" + DateTimeFormatter.BASIC_ISO_DATE.format(old.atOffset(ZoneOffset.UTC).toLocalDate());
        String pendingDay = "events_p" + DateTimeFormatter.BASIC_ISO_DATE.format(olderPending.atOffset(ZoneOffset.UTC).toLocalDate());
        assertThat(Db.count("SELECT count(*) FROM pg_class WHERE relname = ?", oldDay)).isOne();

        partitions.maintain().await().atMost(Duration.ofSeconds(30));
        retention.purge().await().atMost(Duration.ofSeconds(30));

        assertThat(Db.count("SELECT count(*) FROM events WHERE id = ANY(?)", (Object) oldPublished.toArray(UUID[]::new)))
                .isZero();
        // Dropped whole, with its deliveries: no DELETE, nothing left for VACUUM.
        assertThat(Db.count("SELECT count(*) FROM pg_class WHERE relname IN (?, ?)", oldDay,
                oldDay.replace("events_", "deliveries_"))).isZero();
        assertThat(Db.count("SELECT count(*) FROM " + Db.EVENTS_WITH_STATE + " WHERE id = ANY(?) AND status = 'PENDING'",
                (Object) oldPending.toArray(UUID[]::new))).isEqualTo(5);
        assertThat(Db.count("SELECT count(*) FROM pg_class WHERE relname = ?", pendingDay)).isOne();
        assertThat(Db.count("SELECT count(*) FROM events WHERE id = ANY(?)", (Object) recent.toArray(UUID[]::new)))
                .isEqualTo(10);
        assertThat(Db.count("SELECT count(*) FROM rejections WHERE id = ?", oldRejection)).isZero();
        assertThat(Db.count("SELECT count(*) FROM rejections WHERE id = ?", newRejection)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM replay_jobs WHERE id = ?", oldJob)).isZero();
        assertThat(Db.count("SELECT count(*) FROM replay_jobs WHERE id = ?", newJob)).isEqualTo(1);

        // Once published, the kept partition goes at the next round.
        Db.query("UPDATE deliveries SET state = 'PUBLISHED', next_attempt_at = NULL WHERE event_id = ANY(?) RETURNING event_id",
                (Object) oldPending.toArray(UUID[]::new));
        partitions.maintain().await().atMost(Duration.ofSeconds(30));
        assertThat(Db.count("SELECT count(*) FROM pg_class WHERE relname = ?", pendingDay)).isZero();
    }

    @Test
    void aJobInterruptedByARestartIsResumedFromItsCheckpoint() {
        String source = "resume-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> ids = Seed.events(source, 50, Instant.now().minusSeconds(120), "PUBLISHED");
        // A job that another (now dead) instance had got halfway through: cursor at the 20th event.
        UUID job = EventIds.next();
        Db.query("""
                INSERT INTO replay_jobs (id, created_at, updated_at, state, filter, rate_per_second, matched, published,
                                         cursor_received_at, cursor_id, heartbeat_at)
                SELECT ?, now(), now(), 'RUNNING', jsonb_build_object('source', ?::text,
                       'until', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')), 100, 50, 20,
                       received_at, id, now() - interval '5 minutes'
                FROM events WHERE id = ? RETURNING id""", job, source, ids.get(19));

        Await.until("the orphaned job COMPLETED", Duration.ofSeconds(40), () -> "COMPLETED".equals(
                Db.query("SELECT state FROM replay_jobs WHERE id = ?", job).get(0).get("state")));
        var row = Db.query("SELECT published, resumed FROM replay_jobs WHERE id = ?", job).get(0);
        assertThat(row.get("published")).isEqualTo(50L);
        assertThat(row.get("resumed")).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM " + Db.EVENTS_WITH_STATE + " WHERE source = ? AND replay_count = 1", source)).isEqualTo(30);
    }

    @Test
    void productionRefusesAnAdminApiWithoutAToken() {
        assertThatThrownBy(() -> AdminTokenGuard.check(LaunchMode.NORMAL, admin(true, Optional.empty())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hookgate.admin.token");
        assertThatThrownBy(() -> AdminTokenGuard.check(LaunchMode.NORMAL, admin(true, Optional.of("  "))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AdminTokenGuard.check(LaunchMode.NORMAL, admin(true, Optional.of("secret"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> AdminTokenGuard.check(LaunchMode.NORMAL, admin(true, Optional.of("x".repeat(31)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hookgate.admin.token");
        AdminTokenGuard.check(LaunchMode.NORMAL, admin(true, Optional.of("x".repeat(32))));
        AdminTokenGuard.check(LaunchMode.NORMAL, admin(true, Optional.of(TestSources.ADMIN_TOKEN)));
        AdminTokenGuard.check(LaunchMode.TEST, admin(true, Optional.of("secret")));
        AdminTokenGuard.check(LaunchMode.NORMAL, admin(false, Optional.empty()));
        AdminTokenGuard.check(LaunchMode.DEVELOPMENT, admin(true, Optional.empty()));
    }

    private static HookgateConfig.Admin admin(boolean enabled, Optional<String> token) {
        return new HookgateConfig.Admin() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Optional<String> token() {
                return token;
            }

            @Override
            public int replayRate() {
                return 100;
            }

            @Override
            public int maxPageSize() {
                return 500;
            }

            @Override
            public int maxReplayJobs() {
                return 4;
            }

            @Override
            public HookgateConfig.AuthLimit authLimit() {
                return null; // not read by the guard
            }
        };
    }

    private static UUID rejection(Instant at) {
        UUID id = EventIds.next();
        Db.query("INSERT INTO rejections (slot, id, source, received_at, reason, headers) VALUES "
                + "(nextval('rejection_slots') % 100000, ?, 'retention', ?, 'bad_signature', '{}'::jsonb) RETURNING id",
                id, java.sql.Timestamp.from(at));
        return id;
    }

    private static UUID job(Instant at, String state) {
        UUID id = EventIds.next();
        Db.query("INSERT INTO replay_jobs (id, created_at, updated_at, finished_at, state, filter, rate_per_second, matched, "
                + "heartbeat_at) VALUES (?, ?, ?, ?, ?, '{}'::jsonb, 1, 0, ?) RETURNING id", id,
                java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), state,
                java.sql.Timestamp.from(at));
        return id;
    }
}
