package io.meshwork.archiver.archive;

import io.meshwork.lake.parquet.ParquetFiles;
import io.meshwork.core.lake.LakePaths;
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
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * The records of one partition since its last commit, as one open Parquet file per hour of event
 * time and writer schema. Every offset from {@link #firstOffset()} to {@link #lastOffset()} is in
 * exactly one file, or was skipped (a tombstone).
 */
final class PartitionBatch {

    /**
     * Which file a row goes to: its event hour, the schema it was written with, and the lake schema
     * that schema became under the contract's personal data at the time.
     */
    record Bucket(String dt, int hour, int schemaId, Schema lakeSchema) {
    }

    /** A finished local file and where it goes. */
    record LocalFile(String key, Path path, long rows, long newestEventMillis) {
    }

    private final TopicPartition partition;
    private final Path workDir;
    private final long firstOffset;
    private final long startedNanos = System.nanoTime();
    private final Map<Bucket, OpenFile> files = new LinkedHashMap<>();
    private final Map<String, Set<String>> personalData = new HashMap<>();
    private long lastOffset;
    private long lastArrivalNanos = System.nanoTime();
    private int records;

    PartitionBatch(TopicPartition partition, long firstOffset, Path workDir) {
        this.partition = partition;
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
        personalData.merge(contract, Set.copyOf(pseudonymized), (had, now) -> {
            Set<String> both = new HashSet<>(had);
            both.retainAll(now);
            return Set.copyOf(both);
        });
        LakePaths.FileKey key = LakePaths.file(partition.topic(), partition.partition(), offset, eventTime);
        OpenFile file = files.computeIfAbsent(new Bucket(key.dt(), key.hour(), schemaId, lakeSchema), b -> {
            Path local = workDir.resolve(key.key().replace('/', '_'));
            return new OpenFile(key.key(), local, ParquetFiles.writer(local, lakeSchema));
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
            done.add(new LocalFile(file.key, file.path, file.rows, file.newestEventMillis));
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
        final String key;
        final Path path;
        final ParquetWriter<GenericRecord> writer;
        long rows;
        long newestEventMillis;

        OpenFile(String key, Path path, ParquetWriter<GenericRecord> writer) {
            this.key = key;
            this.path = path;
            this.writer = writer;
        }
    }
}
