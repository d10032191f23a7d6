package io.hookgate.example.handler.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A fresh database on the embedded PostgreSQL, injected into the test as a {@link TestPostgres.Database} field. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private TestPostgres.Database database;

    @Override
    public Map<String, String> start() {
        database = TestPostgres.createDatabase("handler");
        return database.quarkusConfig();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(database, new TestInjector.MatchesType(TestPostgres.Database.class));
    }

    @Override
    public void stop() {
        // the database goes with the server at the end of the JVM
    }
}
