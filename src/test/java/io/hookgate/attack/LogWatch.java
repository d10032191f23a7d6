package io.hookgate.attack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test app's log file (%test.quarkus.log.file.*), read from a mark: what the app logged during one attack. */
final class LogWatch {

    private static final Path FILE = Path.of("target/hookgate-test.log");

    private LogWatch() {
    }

    static long mark() throws IOException {
        return Files.exists(FILE) ? Files.size(FILE) : 0;
    }

    static String since(long mark) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(FILE.toFile(), "r")) {
            byte[] text = new byte[(int) Math.max(0, file.length() - mark)];
            file.seek(mark);
            file.readFully(text);
            return new String(text, StandardCharsets.UTF_8);
        }
    }

    /** Lines that show a stack trace or an unhandled request failure. */
    static java.util.List<String> stackTraces(String log) {
        return log.lines().filter(line -> line.startsWith("\tat ") || line.contains("QuarkusErrorHandler")
                || line.contains("Caused by:")).toList();
    }
}
