package io.meshwork.archiver.archive;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What one partition added to its topic's {@link TopicFiles} since the table's last commit: every
 * offset from {@link #firstOffset()} to {@link #lastOffset()} is in exactly one of those files, or
 * was skipped (a tombstone).
 */
final class PartitionBatch {

    private final TopicPartition partition;
    private final long firstOffset;
    private final long startedNanos = System.nanoTime();
    private final Map<String, Set<String>> personalData = new HashMap<>();
    private long lastOffset;
    private long lastArrivalNanos = System.nanoTime();
    private int records;

    PartitionBatch(TopicPartition partition, long firstOffset) {
        this.partition = partition;
        this.firstOffset = firstOffset;
        this.lastOffset = firstOffset - 1;
    }

    /**
     * Notes a row written to the topic's files.
     *
     * @param contract the product whose contract made the row
     * @param pseudonymized the fields of that contract pseudonymized in the row
     */
    void add(long offset, String contract, Set<String> pseudonymized) {
        Set<String> had = personalData.get(contract);
        if (had == null) {
            personalData.put(contract, Set.copyOf(pseudonymized));
        } else if (had != pseudonymized && !had.equals(pseudonymized)) {
            Set<String> both = new HashSet<>(had);
            both.retainAll(pseudonymized);
            personalData.put(contract, Set.copyOf(both));
        }
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
}
