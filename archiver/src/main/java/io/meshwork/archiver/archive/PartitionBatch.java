package io.meshwork.archiver.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * The records of one partition since its table's last commit, as one open Parquet file per hour of
 * event time and writer schema. Every offset from {@link #firstOffset()} to {@link #lastOffset()} is in
 * exactly one file, or was skipped (a tombstone).
 */
final class PartitionBatch {

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

    private static final long HOUR_MILLIS = 3_600_000L;

    /** Opens the Parquet writer of a new local file of rows of a lake schema. */
    @FunctionalInterface
    interface Writers {
        ParquetWriter<GenericRecord> open(Path local, Schema lakeSchema);
    }

    private final TopicPartition partition;
    private final Path workDir;
    private final Writers writers;
    private final long firstOffset;
    private final long startedNanos = System.nanoTime();
    private final Map<Bucket, OpenFile> files = new LinkedHashMap<>();
    private final Map<String, Set<String>> personalData = new HashMap<>();
    private long lastOffset;
    private long lastArrivalNanos = System.nanoTime();
    private int records;

    PartitionBatch(TopicPartition partition, long firstOffset, Path workDir, Writers writers) {
        this.partition = partition;
        this.writers = writers;
        this.firstOffset = firstOffset;
        this.lastOffset = firstOffset - 1;
        this.workDir = workDir;
    }

    /**
     * Adds a row.
     *
     * @param contract the product whose contract made the row
     * @param pseudonymized the fields of that contract pseudonymized in the row
     */
    void add(long offset, Instant eventTime, int schemaId, Schema lakeSchema, GenericRecord row, String contract,
             Set<String> pseudonymized) {
        Set<String> had = personalData.get(contract);
        if (had == null) {
            personalData.put(contract, Set.copyOf(pseudonymized));
        } else if (had != pseudonymized && !had.equals(pseudonymized)) {
            Set<String> both = new HashSet<>(had);
            both.retainAll(pseudonymized);
            personalData.put(contract, Set.copyOf(both));
        }
        long hour = Math.floorDiv(eventTime.toEpochMilli(), HOUR_MILLIS);
        OpenFile file = files.computeIfAbsent(new Bucket(hour, schemaId, lakeSchema), b -> {
            String name = partition.partition() + "-" + offset + "-" + UUID.randomUUID() + ".parquet";
            Path local = workDir.resolve(partition.topic() + "-" + name);
            return new OpenFile(name, local, lakeSchema, Instant.ofEpochMilli(hour * HOUR_MILLIS),
                    writers.open(local, lakeSchema));
        });
        try {
            file.writer.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file.path, e);
        }
        file.rows++;
        file.newestEventMillis = Math.max(file.newestEventMillis, eventTime.toEpochMilli());
        arrived(offset);
    }

    /** An offset with nothing to archive, e.g. a tombstone: still part of the batch. */
    void skip(long offset) {
        arrived(offset);
    }

    private void arrived(long offset) {
        lastOffset = offset;
        lastArrivalNanos = System.nanoTime();
        records++;
    }

    TopicPartition partition() {
        return partition;
    }

    long firstOffset() {
        return firstOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    int records() {
        return records;
    }

    long ageNanos(long now) {
        return now - startedNanos;
    }

    long idleNanos(long now) {
        return now - lastArrivalNanos;
    }

    /** Per product, the personal-data fields pseudonymized in every one of its rows in this batch. */
    Map<String, Set<String>> personalData() {
        return Map.copyOf(personalData);
    }

    long bytes() {
        return files.values().stream().mapToLong(f -> f.writer.getDataSize()).sum();
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

    /** Drops the batch's local files, e.g. when its partition went to another instance. */
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
