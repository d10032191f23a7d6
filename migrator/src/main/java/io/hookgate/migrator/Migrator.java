package io.hookgate.migrator;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import io.quarkus.logging.Log;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Migrates hookgate's schema to the scripts in db/migration, then exits: 0 when the schema is up to date, non-zero
 * when a migration failed (Flyway rolls back the failed script's transaction).
 */
@QuarkusMain
public class Migrator implements QuarkusApplication {

    private final Flyway flyway;

    public Migrator(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public int run(String... args) {
        MigrateResult result = flyway.migrate();
        Log.infof("hookgate migrator: %d migration(s) applied, schema at version %s", result.migrationsExecuted,
                flyway.info().current() == null ? "none" : flyway.info().current().getVersion());
        return 0;
    }
}
