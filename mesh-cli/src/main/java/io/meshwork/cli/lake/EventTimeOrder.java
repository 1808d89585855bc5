package io.meshwork.cli.lake;

import io.meshwork.core.lake.LakePaths;
import io.meshwork.lake.parquet.ParquetFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * The rows of archived files in event-time order (then partition and offset, as archived), in
 * bounded memory: rows are sorted in runs of at most {@code runSize}, each run spilled to Avro
 * files in a work folder (one per writer schema, since minor versions differ), and the runs merged
 * as the rows are read. The same files always give the same order, so a replay can resume by count.
 */
final class EventTimeOrder implements Iterator<GenericRecord>, AutoCloseable {

    static final Comparator<GenericRecord> ORDER = Comparator
            .<GenericRecord>comparingLong(r -> (Long) r.get(LakePaths.TIMESTAMP_COLUMN))
            .thenComparingInt(r -> (Integer) r.get(LakePaths.PARTITION_COLUMN))
            .thenComparingLong(r -> (Long) r.get(LakePaths.OFFSET_COLUMN));

    private record Head(GenericRecord row, Iterator<GenericRecord> rest) {
    }

    private final Path work;
    private final long size;
    private final List<DataFileReader<GenericRecord>> readers;
    private final PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(Head::row, ORDER));

    private EventTimeOrder(Path work, long size, List<DataFileReader<GenericRecord>> readers,
                           List<Iterator<GenericRecord>> runs) {
        this.work = work;
        this.size = size;
        this.readers = readers;
        runs.forEach(this::push);
    }

    /**
     * Reads the files, keeps the rows {@code keep} accepts, and orders them.
     *
     * @param runSize the most rows held in memory at once
     * @param work an empty folder for the runs, deleted on {@link #close}
     */
    static EventTimeOrder of(List<Path> files, Predicate<GenericRecord> keep, int runSize, Path work) {
        try {
            return ordered(files, keep, runSize, work);
        } catch (RuntimeException e) {
            deleteRuns(work);
            throw e;
        }
    }

    private static EventTimeOrder ordered(List<Path> files, Predicate<GenericRecord> keep, int runSize, Path work) {
        List<GenericRecord> buffer = new ArrayList<>();
        List<Path> spilled = new ArrayList<>();
        long[] size = {0};
        for (Path file : files) {
            ParquetFiles.read(file, row -> {
                if (keep.test(row)) {
                    buffer.add(row);
                    size[0]++;
                    if (buffer.size() >= runSize) {
                        spilled.addAll(spill(buffer, work, spilled.size()));
                        buffer.clear();
                    }
                }
            });
        }
        buffer.sort(ORDER);
        List<Iterator<GenericRecord>> runs = new ArrayList<>();
        runs.add(buffer.iterator());
        List<DataFileReader<GenericRecord>> readers = new ArrayList<>();
        try {
            for (Path run : spilled) {
                DataFileReader<GenericRecord> reader = new DataFileReader<>(run.toFile(), new GenericDatumReader<>());
                readers.add(reader);
                runs.add(reader);
            }
        } catch (IOException e) {
            readers.forEach(EventTimeOrder::closeQuietly);
            throw new UncheckedIOException("cannot read back a sorted run in " + work, e);
        }
        return new EventTimeOrder(work, size[0], readers, runs);
    }

    /** Sorts the buffer and writes it as runs, one per schema, each in order. */
    private static List<Path> spill(List<GenericRecord> buffer, Path work, int first) {
        buffer.sort(ORDER);
        Map<Schema, List<GenericRecord>> bySchema = new LinkedHashMap<>();
        buffer.forEach(row -> bySchema.computeIfAbsent(row.getSchema(), s -> new ArrayList<>()).add(row));
        List<Path> runs = new ArrayList<>();
        for (Map.Entry<Schema, List<GenericRecord>> group : bySchema.entrySet()) {
            Path run = work.resolve("run-" + (first + runs.size()) + ".avro");
            try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(group.getKey()))) {
                writer.create(group.getKey(), run.toFile());
                for (GenericRecord row : group.getValue()) {
                    writer.append(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a sorted run to " + run, e);
            }
            runs.add(run);
        }
        return runs;
    }

    /** How many rows there are in all. */
    long size() {
        return size;
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public GenericRecord next() {
        Head head = heads.poll();
        if (head == null) {
            throw new NoSuchElementException();
        }
        push(head.rest());
        return head.row();
    }

    private void push(Iterator<GenericRecord> run) {
        if (run.hasNext()) {
            heads.add(new Head(run.next(), run));
        }
    }

    @Override
    public void close() {
        readers.forEach(EventTimeOrder::closeQuietly);
        deleteRuns(work);
    }

    private static void deleteRuns(Path work) {
        try (Stream<Path> files = Files.list(work)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the sorted runs in " + work, e);
        }
    }

    private static void closeQuietly(DataFileReader<GenericRecord> reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // Only the work folder's deletion, which follows, could notice.
        }
    }
}
