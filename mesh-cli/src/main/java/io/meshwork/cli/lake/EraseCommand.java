package io.meshwork.cli.lake;

import io.meshwork.cli.MeshVersion;
import io.meshwork.core.api.LakeErasure;
import io.meshwork.core.api.MeshClient;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.LakeTables;
import io.meshwork.lake.iceberg.Rewrite;
import io.meshwork.lake.iceberg.SnapshotExpiry;
import io.meshwork.lake.parquet.ParquetFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.parquet.hadoop.ParquetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mesh lake erase}: removes rows from a table for good. The rows are found with DuckDB
 * (the predicate is SQL over the table's columns); each file holding any is rewritten without them
 * by Meshwork's own writer, so that everything else stays exactly as it was, and the rewrite is one
 * commit. Every older snapshot is then expired, which deletes the files that still held the rows,
 * so time travel cannot bring them back.
 */
@Command(name = "erase",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Erases the rows of a table that a SQL predicate matches: the files holding them are rewritten without"
                + " them in one commit, every older snapshot is expired (time travel before the erasure ends) and the"
                + " files that held the rows are deleted. The erasure is recorded in the audit trail first, and once done.",
            "Example: MESH_TOKEN=$(./mesh token --admin) ./mesh lake erase --table customers.customer-registered.v1"
                + " --where \"customerId = 'c-42'\" --reason \"erasure request #1234\"",
            "Exit status: 0 when erased (or nothing matched), 1 on an error."
        })
public final class EraseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LakeConnection lake;

    @Option(names = "--table", required = true, paramLabel = "TOPIC", description = "The topic whose table to erase from.")
    String topic;

    @Option(names = "--where", required = true, paramLabel = "PREDICATE",
            description = "Which rows, in SQL over the table's columns, e.g. \"customerId = 'c-42'\".")
    String where;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    /** The gateway, which keeps the audit trail, and an admin's token. */
    @Mixin
    AdminConnection admin;

    @Override
    public Integer call() throws Exception {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("--reason must say why, for the audit trail");
        }
        MeshClient client = admin.client(lake.home);
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createDirectories(lake.cache()).resolve("erase-" + UUID.randomUUID());
        try (LakeCatalog catalog = lake.catalog(); Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            Table table = catalog.table(topic).orElseThrow(() -> new IllegalArgumentException("the lake has no table of "
                    + topic + ": mesh lake tables lists those it has"));
            Snapshot base = table.currentSnapshot();
            if (base == null) {
                out.println("Nothing to erase: " + table.name() + " has no rows yet.");
                return 0;
            }
            client.recordLakeErasure(new LakeErasure(topic, where, null, null, null), reason);
            Files.createDirectories(work);
            List<DataFile> removed = new ArrayList<>();
            List<DataFile> added = new ArrayList<>();
            long erased = 0;
            for (DataFile file : Rewrite.files(table, base)) {
                Path local = download(table, file, work);
                BitSet matching = matching(duck, local);
                if (!matching.isEmpty()) {
                    removed.add(file);
                    erased += matching.cardinality();
                    if (matching.cardinality() < file.recordCount()) {
                        added.add(rewrite(table, file, local, matching, work));
                    }
                }
                Files.deleteIfExists(local);
            }
            if (removed.isEmpty()) {
                out.println("Nothing to erase: no row of " + table.name() + " matches " + where + ".");
                client.recordLakeErasure(new LakeErasure(topic, where, 0L, 0, base.snapshotId()), reason);
                return 0;
            }
            long snapshot = Rewrite.commit(table, base, removed, added, "erasure", Map.of("meshwork.erasure.reason", reason));
            table.refresh();
            // Every snapshot before the erasure's goes, and with it the files that held the rows.
            int expired = SnapshotExpiry.expireBefore(table, table.snapshot(snapshot).timestampMillis()).snapshots();
            forgetLocalCopies(lake.cache().resolve(table.name()));
            client.recordLakeErasure(new LakeErasure(topic, where, erased, removed.size(), snapshot), reason);
            out.printf("Erased %d row(s) of %s where %s: %d file(s) rewritten in snapshot %d; %d older snapshot(s)"
                    + " expired and the files that held the rows deleted.%n", erased, table.name(), where, removed.size(),
                    snapshot, expired);
            return 0;
        } catch (SQLException e) {
            throw new IllegalArgumentException("the predicate " + where + " does not work on " + topic + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        } finally {
            forgetLocalCopies(work);
        }
    }

    /** The row numbers of a file that the predicate matches. */
    private BitSet matching(Connection duck, Path file) throws SQLException {
        BitSet rows = new BitSet();
        try (Statement statement = duck.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT file_row_number FROM read_parquet('" + file.toAbsolutePath().toString().replace("'", "''")
                        + "', file_row_number = true) WHERE (" + where + ")")) {
            while (result.next()) {
                rows.set(Math.toIntExact(result.getLong(1)));
            }
        }
        return rows;
    }

    /** The file without the matching rows, written as the archiver writes, uploaded beside it. */
    private static DataFile rewrite(Table table, DataFile file, Path local, BitSet matching, Path work) throws IOException {
        Schema schema = ParquetFiles.schema(local);
        Path out = work.resolve("erased-" + UUID.randomUUID() + ".parquet");
        ParquetWriter<GenericRecord> writer = LakeTables.writer(table, out, schema);
        int[] row = {0};
        ParquetFiles.read(local, record -> {
            if (!matching.get(row[0]++)) {
                try {
                    writer.write(record);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        writer.close();
        Integer hours = file.partition().get(0, Integer.class);
        Instant eventHour = Instant.ofEpochMilli(hours * 3_600_000L);
        String location = LakeTables.location(table, eventHour, "erased-" + UUID.randomUUID() + ".parquet");
        try (PositionOutputStream target = table.io().newOutputFile(location).create()) {
            Files.copy(out, target);
        }
        DataFile rewritten = LakeTables.dataFile(table, location, Files.size(out), writer.getFooter(), eventHour);
        Files.deleteIfExists(out);
        return rewritten;
    }

    private static Path download(Table table, DataFile file, Path work) {
        Path local = work.resolve(UUID.randomUUID() + ".parquet");
        try (InputStream in = table.io().newInputFile(file.location()).newStream()) {
            Files.copy(in, local);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + file.location(), e);
        }
        return local;
    }

    private static void forgetLocalCopies(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
