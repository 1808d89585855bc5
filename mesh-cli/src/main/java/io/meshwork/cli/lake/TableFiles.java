package io.meshwork.cli.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The data files of a table's snapshot, as Iceberg plans them, copied to a local folder in a
 * Hive layout ({@code dt=YYYY-MM-DD/hour=HH/}) so that DuckDB reads the hour partition as columns
 * and skips the files a query's {@code dt} and {@code hour} filters rule out. Data files never
 * change once written, so a file already copied is never fetched again.
 */
final class TableFiles {

    private static final long HOUR_MILLIS = 3_600_000L;
    /** Files downloaded at once: S3 serves many small objects faster side by side than one after the other. */
    private static final int DOWNLOADS = 8;

    private TableFiles() {
    }

    /**
     * @param snapshot the snapshot to read; null for the current one
     * @param filter which rows are wanted; Iceberg leaves out the files that cannot hold any
     * @return the local copies, one per planned file; empty for a table without a snapshot
     */
    static List<Path> fetch(Table table, Long snapshot, Expression filter, Path folder, Consumer<String> progress) {
        if (table.currentSnapshot() == null) {
            return List.of();
        }
        TableScan scan = table.newScan().caseSensitive(false).filter(filter);
        if (snapshot != null) {
            scan = scan.useSnapshot(snapshot);
        }
        List<DataFile> planned = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
            tasks.forEach(task -> planned.add(task.file()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plan the files of " + table.name(), e);
        }
        List<Path> local = planned.stream().map(file -> localPath(folder, file)).toList();
        List<DataFile> missing = planned.stream().filter(file -> !Files.isRegularFile(localPath(folder, file))).toList();
        AtomicInteger fetched = new AtomicInteger();
        ExecutorService downloads = Executors.newFixedThreadPool(Math.max(1, Math.min(DOWNLOADS, missing.size())));
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (DataFile file : missing) {
                pending.add(downloads.submit(() -> {
                    download(table, file.location(), localPath(folder, file));
                    progress.accept(String.format("  %s: %d/%d file(s) downloaded", table.name(), fetched.incrementAndGet(),
                            missing.size()));
                }));
            }
            for (Future<?> download : pending) {
                download.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading the files of " + table.name(), e);
        } finally {
            downloads.shutdownNow();
        }
        if (snapshot == null && filter.op() == Expression.Operation.TRUE) {
            forgetOthers(folder, new HashSet<>(local));
        }
        return local;
    }

    /**
     * The local copy of the snapshot's most recently added file, fetched if need be: what a view
     * over no rows takes its columns from. Empty for a table without files.
     */
    static Optional<Path> newest(Table table, Long snapshot, Path folder) {
        if (table.currentSnapshot() == null) {
            return Optional.empty();
        }
        TableScan scan = snapshot == null ? table.newScan() : table.newScan().useSnapshot(snapshot);
        DataFile newest = null;
        try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
            for (FileScanTask task : tasks) {
                Long sequence = task.file().dataSequenceNumber();
                if (newest == null || sequence != null && (newest.dataSequenceNumber() == null
                        || sequence > newest.dataSequenceNumber())) {
                    newest = task.file();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plan the files of " + table.name(), e);
        }
        if (newest == null) {
            return Optional.empty();
        }
        Path target = localPath(folder, newest);
        if (!Files.isRegularFile(target)) {
            download(table, newest.location(), target);
        }
        return Optional.of(target);
    }

    /** Where a data file is copied: its hour's folder, under its own name. */
    private static Path localPath(Path folder, DataFile file) {
        Integer hours = file.partition().get(0, Integer.class);
        ZonedDateTime hour = Instant.ofEpochMilli(hours * HOUR_MILLIS).atZone(ZoneOffset.UTC);
        String name = file.location().substring(file.location().lastIndexOf('/') + 1);
        return folder.resolve("dt=" + hour.toLocalDate()).resolve(String.format("hour=%02d", hour.getHour())).resolve(name);
    }

    private static void download(Table table, String location, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            try (InputStream in = table.io().newInputFile(location).newStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + location + ": " + e.getMessage(), e);
        }
    }

    /** Drops local copies of files the current snapshot no longer has (compacted or erased). */
    private static void forgetOthers(Path folder, Set<Path> keep) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !keep.contains(f)).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + folder, e);
        }
    }
}
