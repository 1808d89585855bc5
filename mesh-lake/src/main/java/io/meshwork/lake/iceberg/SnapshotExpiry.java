package io.meshwork.lake.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Forgets a table's snapshots older than a retention (its current one always stays) and deletes
 * the files no snapshot left refers to: files that compaction or an erasure replaced, and old
 * manifests. Then deletes orphans, data files that no snapshot ever committed (an upload that a
 * crash stopped before its commit), once they are old enough that no commit can still be coming.
 */
public final class SnapshotExpiry {

    /**
     * @param snapshots the snapshots forgotten
     * @param filesDeleted data, manifest and orphan files deleted
     */
    public record Result(String table, int snapshots, int filesDeleted) {
    }

    private SnapshotExpiry() {
    }

    public static Result expire(Table table, Duration retention, Duration orphanAge, Instant now) {
        Result expired = expireBefore(table, now.minus(retention).toEpochMilli());
        return new Result(table.name(), expired.snapshots(), expired.filesDeleted()
                + deleteOrphans(table, now.minus(orphanAge)));
    }

    /** Forgets the table's snapshots committed before a time (its current one always stays), with the files only they held. */
    public static Result expireBefore(Table table, long millis) {
        table.refresh();
        int before = size(table.snapshots());
        AtomicInteger deleted = new AtomicInteger();
        if (before > 1) {
            table.expireSnapshots().expireOlderThan(millis).retainLast(1)
                    .deleteWith(location -> {
                        table.io().deleteFile(location);
                        deleted.incrementAndGet();
                    }).commit();
            table.refresh();
        }
        return new Result(table.name(), before - size(table.snapshots()), deleted.get());
    }

    /** Deletes the table's data files that no snapshot refers to and that were written before {@code olderThan}. */
    private static int deleteOrphans(Table table, Instant olderThan) {
        if (!(table.io() instanceof SupportsPrefixOperations prefixes)) {
            return 0;
        }
        Set<String> referenced = new HashSet<>();
        Set<String> manifests = new HashSet<>();
        for (Snapshot snapshot : table.snapshots()) {
            for (ManifestFile manifest : snapshot.dataManifests(table.io())) {
                if (manifests.add(manifest.path())) {
                    try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, table.io(), table.specs())) {
                        reader.forEach(file -> referenced.add(file.location()));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read manifest " + manifest.path(), e);
                    }
                }
            }
        }
        int deleted = 0;
        for (FileInfo file : prefixes.listPrefix(table.location() + "/data/")) {
            if (!referenced.contains(file.location()) && file.createdAtMillis() < olderThan.toEpochMilli()) {
                table.io().deleteFile(file.location());
                deleted++;
            }
        }
        return deleted;
    }

    private static int size(Iterable<Snapshot> snapshots) {
        int count = 0;
        for (Snapshot ignored : snapshots) {
            count++;
        }
        return count;
    }
}
