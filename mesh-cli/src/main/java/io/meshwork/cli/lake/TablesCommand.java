package io.meshwork.cli.lake;

import io.meshwork.cli.MeshVersion;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.LakeNames;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh lake tables}: every table of the lake with its current snapshot. */
@Command(name = "tables",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Lists the lake's tables: the topic each archives, its current snapshot and when it was committed, and"
                + " the data files, rows and bytes that snapshot holds.",
            "Exit status: 0 with the list, 1 when the catalog cannot be read."
        })
public final class TablesCommand implements Callable<Integer> {

    private static final int MAX_CELL = 60;

    @Spec
    CommandSpec spec;

    @Mixin
    LakeConnection lake;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    QueryCommand.Format format;

    @Override
    public Integer call() {
        List<String> names = List.of("table", "topic", "snapshot", "committed", "files", "rows", "bytes");
        List<Object[]> rows = new ArrayList<>();
        try (LakeCatalog catalog = lake.catalog()) {
            for (Table table : catalog.tables()) {
                Snapshot current = table.currentSnapshot();
                Map<String, String> summary = current == null ? Map.of() : current.summary();
                rows.add(new Object[] {table.name().substring(LakeCatalog.NAME.length() + 1),
                    table.properties().get(LakeNames.TOPIC_PROPERTY), current == null ? null : current.snapshotId(),
                    current == null ? null : Instant.ofEpochMilli(current.timestampMillis()).toString(),
                    number(summary.get("total-data-files")), number(summary.get("total-records")),
                    number(summary.get("total-files-size"))});
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case csv -> ResultFormats.csv(names, rows, out);
            case json -> ResultFormats.json(names, rows, out);
            default -> ResultFormats.table(names, rows, out, MAX_CELL);
        }
        out.flush();
        return 0;
    }

    private static Long number(String value) {
        return value == null ? 0L : Long.parseLong(value);
    }
}
