package io.hookgate.ingest;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

/** Reads one series from the management port's Prometheus endpoint. */
public final class Metrics {

    private Metrics() {
    }

    static int managementPort() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    public static String scrape() {
        return given().port(managementPort()).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of a series, matched by name and an exact set of label pairs in any order; 0 when absent. */
    public static double value(String name, String... labels) {
        for (String line : scrape().split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                Matcher m = Pattern.compile("[} ](\\S+)$").matcher(line);
                if (m.find()) {
                    return Double.parseDouble(m.group(1));
                }
            }
        }
        return 0;
    }

    static double rejected(String source, String reason) {
        return value("hookgate_webhooks_rejected_total", "source", source, "reason", reason);
    }
}
