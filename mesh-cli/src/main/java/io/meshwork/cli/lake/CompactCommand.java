package io.meshwork.cli.lake;

import io.meshwork.cli.MeshVersion;
import io.meshwork.lake.iceberg.Compaction;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.LakeNames;
import io.meshwork.lake.iceberg.SnapshotExpiry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh lake compact}: what the archiver does on its schedule, now. */
@Command(name = "compact",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Compacts the small files of each closed hour of the lake's tables into large ones, each in one atomic"
                + " rewrite commit that readers see all at once, then forgets snapshots older than the retention and"
                + " deletes the files only they held, and files no snapshot ever committed. The archiver does the"
                + " same on its schedule (mesh.archiver.upkeep.*).",
            "Example: ./mesh lake compact --table orders.order-placed.v2",
            "Exit status: 0 when every table is done, 1 on an error."
        })
public final class CompactCommand implements Callable<Integer> {

    private static final int MAX_CELL = 60;

    @Spec
    CommandSpec spec;

    @Mixin
    LakeConnection lake;

    @Option(names = "--table", paramLabel = "TOPIC", description = "Only the table of this topic (repeatable; default: all).")
    List<String> topics = new ArrayList<>();

    @Option(names = "--target-size-mb", paramLabel = "MB", defaultValue = "128",
            description = "The size a compacted file grows to at most (default: ${DEFAULT-VALUE}).")
    long targetMegabytes;

    @Option(names = "--closed-after", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "An hour is compacted once it ended this long ago (default: ${DEFAULT-VALUE}).")
    Duration closedAfter;

    @Option(names = "--open-hour-files", paramLabel = "N", defaultValue = "16",
            description = "An hour still open is compacted once it has this many small files (default: ${DEFAULT-VALUE}).")
    int openHourFiles;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "P7D",
            description = "Snapshots older than this are forgotten; time travel reaches no further (default: ${DEFAULT-VALUE}).")
    Duration retention;

    @Option(names = "--orphan-age", paramLabel = "DURATION", defaultValue = "P1D",
            description = "Files no snapshot committed are deleted once this old (default: ${DEFAULT-VALUE}).")
    Duration orphanAge;

    @Override
    public Integer call() {
        if (targetMegabytes < 1) {
            throw new IllegalArgumentException("--target-size-mb must be at least 1, not " + targetMegabytes);
        }
        List<String> names = List.of("table", "hours", "files_removed", "files_added", "rows", "snapshots_expired",
                "files_deleted");
        List<Object[]> rows = new ArrayList<>();
        Instant now = Instant.now();
        try (LakeCatalog catalog = lake.catalog()) {
            List<Table> tables = new ArrayList<>();
            if (topics.isEmpty()) {
                tables.addAll(catalog.tables());
            } else {
                for (String topic : topics) {
                    tables.add(catalog.table(topic).orElseThrow(() -> new IllegalArgumentException("the lake has no table"
                            + " of " + topic + " (" + LakeNames.table(topic) + "): mesh lake tables lists those it has")));
                }
            }
            for (Table table : tables) {
                Compaction.Result compacted = Compaction.compact(table, new Compaction.Settings(targetMegabytes << 20,
                        closedAfter, openHourFiles), lake.cache().resolve("compaction"), now);
                SnapshotExpiry.Result expired = SnapshotExpiry.expire(table, retention, orphanAge, now);
                rows.add(new Object[] {table.name().substring(LakeCatalog.NAME.length() + 1), compacted.hours(),
                    compacted.filesRemoved(), compacted.filesAdded(), compacted.rows(), expired.snapshots(),
                    expired.filesDeleted()});
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        ResultFormats.table(names, rows, out, MAX_CELL);
        out.flush();
        return 0;
    }
}
