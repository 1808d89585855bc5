package io.meshwork.lake.iceberg;

import io.meshwork.lake.parquet.ParquetFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Rewrites the small files of a table's closed hours (and of an open hour that gathered many) into
 * large ones, in one atomic rewrite commit
 * that carries the table's Kafka offsets over: readers see either the old files or the new ones,
 * never both and never neither. Within an hour, files written with the same schema are merged into
 * files of up to the target size (so an hour holds one file per schema it saw, or more when it is
 * bigger than the target); rows keep their order within each source file. Reading Parquet needs
 * {@code hadoop-client-api} on the class path (nothing of Hadoop runs).
 */
public final class Compaction {

    private static final long HOUR_MILLIS = 3_600_000L;

    /**
     * How to compact.
     *
     * @param targetBytes the largest file a rewrite writes (by the size of the files it merges)
     * @param closedAfter an hour is compacted once it ended this long ago, so that its files stop coming
     * @param openHourFiles an hour still open is compacted too once it has this many small files, so
     *     that the current hour stays quick to read
     */
    public record Settings(long targetBytes, Duration closedAfter, int openHourFiles) {

        /** Closed hours only, and an open one with 16 small files. */
        public Settings(long targetBytes, Duration closedAfter) {
            this(targetBytes, closedAfter, 16);
        }
    }

    /**
     * What a compaction did.
     *
     * @param hours the partition-hours rewritten
     * @param filesRemoved the small files replaced
     * @param filesAdded the files that replaced them
     * @param rows the rows rewritten
     * @param snapshot the rewrite's snapshot; null when there was nothing to do
     */
    public record Result(String table, int hours, int filesRemoved, int filesAdded, long rows, Long snapshot) {
    }

    private Compaction() {
    }

    public static Result compact(Table table, Settings settings, Path workDir, Instant now) {
        table.refresh();
        Snapshot base = table.currentSnapshot();
        if (base == null) {
            return new Result(table.name(), 0, 0, 0, 0, null);
        }
        long closedBefore = now.minus(settings.closedAfter()).toEpochMilli();
        Map<Integer, List<DataFile>> byHour = new TreeMap<>();
        for (DataFile file : Rewrite.files(table, base)) {
            Integer hour = file.partition().get(0, Integer.class);
            if (hour != null && file.fileSizeInBytes() < settings.targetBytes() * 3 / 4) {
                byHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(file);
            }
        }
        byHour.entrySet().removeIf(hour -> hour.getValue().size() < ((hour.getKey() + 1L) * HOUR_MILLIS <= closedBefore
                ? 2 : Math.max(2, settings.openHourFiles())));
        if (byHour.isEmpty()) {
            return new Result(table.name(), 0, 0, 0, 0, null);
        }
        List<DataFile> removed = new ArrayList<>();
        List<DataFile> added = new ArrayList<>();
        long rows = 0;
        try {
            for (Map.Entry<Integer, List<DataFile>> hour : byHour.entrySet()) {
                Instant eventHour = Instant.ofEpochMilli(hour.getKey() * HOUR_MILLIS);
                for (List<Local> group : bySchema(table, hour.getValue(), workDir)) {
                    if (group.size() < 2) {
                        group.forEach(Local::delete);
                        continue;
                    }
                    for (List<Local> bin : bins(group, settings.targetBytes())) {
                        if (bin.size() < 2) {
                            bin.forEach(Local::delete);
                            continue;
                        }
                        Merged merged = merge(table, bin, eventHour, workDir);
                        bin.forEach(local -> removed.add(local.file));
                        added.add(merged.file);
                        rows += merged.rows;
                    }
                }
            }
            if (removed.isEmpty()) {
                return new Result(table.name(), 0, 0, 0, 0, null);
            }
            long snapshot = Rewrite.commit(table, base, removed, added, "compaction", Map.of());
            return new Result(table.name(), byHour.size(), removed.size(), added.size(), rows, snapshot);
        } catch (RuntimeException e) {
            added.forEach(file -> table.io().deleteFile(file.location()));
            throw e;
        }
    }

    /** A data file copied to the work folder, with the schema it was written with. */
    private record Local(DataFile file, Path path, Schema schema) {
        void delete() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // the work folder is the caller's to empty
            }
        }
    }

    private record Merged(DataFile file, long rows) {
    }

    /** Downloads an hour's files and groups them by the schema they were written with. */
    private static List<List<Local>> bySchema(Table table, List<DataFile> files, Path workDir) {
        Map<String, List<Local>> groups = new LinkedHashMap<>();
        List<DataFile> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing(DataFile::location));
        for (DataFile file : ordered) {
            Path local = workDir.resolve("compact-" + UUID.randomUUID() + ".parquet");
            try (InputStream in = table.io().newInputFile(file.location()).newStream()) {
                Files.createDirectories(workDir);
                Files.copy(in, local);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot download " + file.location(), e);
            }
            Schema schema = ParquetFiles.schema(local);
            groups.computeIfAbsent(schema.toString(), s -> new ArrayList<>()).add(new Local(file, local, schema));
        }
        return new ArrayList<>(groups.values());
    }

    /** Packs files, in order, into bins of up to the target size. */
    private static List<List<Local>> bins(List<Local> files, long targetBytes) {
        List<List<Local>> bins = new ArrayList<>();
        List<Local> bin = new ArrayList<>();
        long size = 0;
        for (Local file : files) {
            if (!bin.isEmpty() && size + file.file.fileSizeInBytes() > targetBytes) {
                bins.add(bin);
                bin = new ArrayList<>();
                size = 0;
            }
            bin.add(file);
            size += file.file.fileSizeInBytes();
        }
        if (!bin.isEmpty()) {
            bins.add(bin);
        }
        return bins;
    }

    private static Merged merge(Table table, List<Local> bin, Instant eventHour, Path workDir) {
        Path out = workDir.resolve("compacted-" + UUID.randomUUID() + ".parquet");
        ParquetWriter<GenericRecord> writer = LakeTables.writer(table, out, bin.get(0).schema);
        long[] rows = {0};
        AtomicReference<IOException> failed = new AtomicReference<>();
        try {
            for (Local local : bin) {
                ParquetFiles.read(local.path, row -> {
                    try {
                        writer.write(row);
                        rows[0]++;
                    } catch (IOException e) {
                        failed.compareAndSet(null, e);
                    }
                });
                local.delete();
            }
            writer.close();
            if (failed.get() != null) {
                throw failed.get();
            }
            String location = LakeTables.location(table, eventHour, "compacted-" + UUID.randomUUID() + ".parquet");
            try (PositionOutputStream target = table.io().newOutputFile(location).create()) {
                Files.copy(out, target);
            }
            DataFile file = LakeTables.dataFile(table, location, Files.size(out), writer.getFooter(), eventHour);
            return new Merged(file, rows[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact into " + out, e);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException e) {
                // the work folder is the caller's to empty
            }
        }
    }
}
