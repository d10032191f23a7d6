package io.hookgate.console;

import java.util.ArrayList;
import java.util.List;

import io.hookgate.admin.SourceStats;
import io.quarkus.qute.TemplateExtension;

/** What the console's templates compute: the overview's bar chart, as SVG coordinates (no script, no inline style). */
@TemplateExtension
public class ConsoleExtensions {

    static final int CHART_HEIGHT = 48;
    static final int BAR_WIDTH = 10;

    /** One bar of the 24-hour chart: its place, its height and what it stands for. */
    public record Bar(int x, int y, int height, long value, int hoursAgo) {
    }

    /** The last 24 hours of accepted events, oldest first, scaled to the chart. */
    static List<Bar> bars(SourceStats stats) {
        List<Bar> bars = new ArrayList<>(24);
        long peak = stats.peakPerHour();
        List<Long> hours = stats.acceptedPerHour();
        for (int i = 0; i < hours.size(); i++) {
            long value = hours.get(i);
            int height = value == 0 ? 0 : (int) Math.max(1, value * CHART_HEIGHT / peak);
            bars.add(new Bar(i * (BAR_WIDTH + 2), CHART_HEIGHT - height, height, value, hours.size() - 1 - i));
        }
        return bars;
    }

    /** The publish lag for people: "0.42 s", or a dash without data. */
    static String lag(SourceStats stats) {
        Double value = stats.publishLagP95Seconds();
        return value == null ? "—" : String.format(java.util.Locale.ROOT, "%.2f s", value);
    }
}
