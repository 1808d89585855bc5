package io.meshwork.archiver.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * The open Parquet files of one topic since its table's last commit: one per hour of event time and
 * writer schema, holding the rows of every partition this instance archives, so that a commit adds
 * one file per hour and schema rather than one per partition. The partitions' offsets are kept by
 * their {@link PartitionBatch}es; the files are committed, or dropped, with all of them at once.
 */
final class TopicFiles {

    /**
     * Which file a row goes to: its event hour, the schema it was written with, and the lake schema
     * that schema became under the contract's personal data at the time.
     */
    record Bucket(long hour, int schemaId, Schema lakeSchema) {
    }

    /**
     * A finished local file.
     *
     * @param name its file name in the table, unique: a retried or abandoned upload never replaces a committed file
     * @param eventHour an instant in the hour of event time of all its rows
     * @param footer what its writer wrote at its end, for the table's metrics of it
     */
    record LocalFile(String name, Path path, Schema lakeSchema, Instant eventHour, long rows, long newestEventMillis,
                     ParquetMetadata footer) {
    }

    /** Opens the Parquet writer of a new local file of rows of a lake schema. */
    @FunctionalInterface
    interface Writers {
        ParquetWriter<GenericRecord> open(Path local, Schema lakeSchema);
    }

    private static final long HOUR_MILLIS = 3_600_000L;
    /** How many rows may be written between two looks at the files' sizes, which walk every column's buffers. */
    private static final int SIZE_EVERY = 1024;

    private final String topic;
    private final Path workDir;
    private final Writers writers;
    private final Map<Bucket, OpenFile> files = new LinkedHashMap<>();
    private int rowsSinceSize;
    private long bytes;

    TopicFiles(String topic, Path workDir, Writers writers) {
        this.topic = topic;
        this.workDir = workDir;
        this.writers = writers;
    }

    /** Writes a row into the file of its hour and schema, opening it if new. */
    void write(Instant eventTime, int schemaId, Schema lakeSchema, GenericRecord row) {
        long hour = Math.floorDiv(eventTime.toEpochMilli(), HOUR_MILLIS);
        OpenFile file = files.get(new Bucket(hour, schemaId, lakeSchema));
        if (file == null) {
            String name = UUID.randomUUID() + ".parquet";
            Path local = workDir.resolve(topic + "-" + name);
            file = new OpenFile(name, local, lakeSchema, Instant.ofEpochMilli(hour * HOUR_MILLIS),
                    writers.open(local, lakeSchema));
            files.put(new Bucket(hour, schemaId, lakeSchema), file);
        }
        try {
            file.writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file.path, e);
        }
        file.rows++;
        rowsSinceSize++;
        file.newestEventMillis = Math.max(file.newestEventMillis, eventTime.toEpochMilli());
    }

    /** The Parquet bytes written so far, across the files, as of at most {@value #SIZE_EVERY} rows ago. */
    long bytes() {
        if (rowsSinceSize >= SIZE_EVERY) {
            long sum = 0;
            for (OpenFile file : files.values()) {
                sum += file.writer.getDataSize();
            }
            bytes = sum;
            rowsSinceSize = 0;
        }
        return bytes;
    }

    /** Closes every file and returns them, ready to upload. */
    List<LocalFile> finish() {
        List<LocalFile> done = new ArrayList<>();
        for (OpenFile file : files.values()) {
            try {
                file.writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish " + file.path, e);
            }
            done.add(new LocalFile(file.name, file.path, file.lakeSchema, file.eventHour, file.rows, file.newestEventMillis,
                    file.writer.getFooter()));
        }
        files.clear();
        return done;
    }

    /** Drops the local files, e.g. when a partition of the topic went to another instance. */
    void discard() {
        for (OpenFile file : files.values()) {
            try {
                file.writer.close();
                Files.deleteIfExists(file.path);
            } catch (IOException | RuntimeException e) {
                // the work folder is emptied at the next start anyway
            }
        }
        files.clear();
    }

    private static final class OpenFile {
        final String name;
        final Path path;
        final Schema lakeSchema;
        final Instant eventHour;
        final ParquetWriter<GenericRecord> writer;
        long rows;
        long newestEventMillis;

        OpenFile(String name, Path path, Schema lakeSchema, Instant eventHour, ParquetWriter<GenericRecord> writer) {
            this.name = name;
            this.path = path;
            this.lakeSchema = lakeSchema;
            this.eventHour = eventHour;
            this.writer = writer;
        }
    }
}
