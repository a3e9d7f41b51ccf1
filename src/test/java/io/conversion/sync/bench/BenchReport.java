package io.conversion.sync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Benchmark figures, each tied to the workload that produced it; written as Markdown and JSON. */
final class BenchReport {

    record Row(String workload, String metric, double value, String unit) {
    }

    private final String database;
    private final List<Row> rows = new ArrayList<>();

    BenchReport(String database) {
        this.database = database;
    }

    void add(String workload, String metric, double value, String unit) {
        rows.add(new Row(workload, metric, value, unit));
        System.out.printf(Locale.ROOT, "[bench %s] %-60s %-34s %,14.2f %s%n", database, workload, metric, value, unit);
    }

    List<Row> rows() {
        return rows;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("database", database);
        json.put("date", Instant.now().toString());
        json.put("machine", machine());
        json.put("rows", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("results-" + database + ".json").toFile(), json);

        StringBuilder md = new StringBuilder();
        md.append("## Benchmark on ").append(database).append("\n\n")
                .append("Date: ").append(Instant.now()).append("  \nMachine: ").append(machine()).append("\n\n")
                .append("| Workload | Metric | Value | Unit |\n|---|---|---:|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.workload()).append(" | ").append(r.metric()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,.2f", r.value())).append(" | ").append(r.unit())
                    .append(" |\n");
        }
        Files.writeString(dir.resolve("results-" + database + ".md"), md.toString());
    }

    static String machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s, max heap %d MiB", os.getAvailableProcessors(),
                os.getName(), os.getArch(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
