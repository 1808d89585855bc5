package io.meshwork.archiver.archive;

import io.meshwork.archiver.ArchiverSettings;
import io.meshwork.lake.iceberg.Compaction;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.SnapshotExpiry;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;

/**
 * Keeps the tables small and their history bounded, on a schedule beside the archiving loop: for
 * each topic whose partition 0 this instance archives (so one instance per table does it), it
 * compacts the closed hours' small files, then expires old snapshots and orphans. A failure is
 * logged and tried again at the next round; archiving goes on meanwhile.
 */
final class TableUpkeep implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TableUpkeep.class);

    private final LakeCatalog lake;
    private final ArchiverSettings.Upkeep settings;
    private final Supplier<Set<String>> leading;
    private final Path workDir;
    private final MeterRegistry meters;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "archiver-upkeep");
        thread.setDaemon(true);
        return thread;
    });

    TableUpkeep(LakeCatalog lake, ArchiverSettings.Upkeep settings, Supplier<Set<String>> leading, Path workDir,
                MeterRegistry meters) {
        this.lake = lake;
        this.settings = settings;
        this.leading = leading;
        this.workDir = workDir;
        this.meters = meters;
    }

    void start() {
        long every = settings.interval().toMillis();
        schedule.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("Compacting closed hours into files of up to %d bytes every %s; snapshots kept %s",
                settings.targetSize().asLongValue(), settings.interval(), settings.snapshotRetention());
    }

    private void round() {
        for (String topic : List.copyOf(leading.get())) {
            try {
                lake.table(topic).ifPresent(this::upkeep);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not compact or expire the table of %s; trying again in %s", topic, settings.interval());
            }
        }
    }

    private void upkeep(Table table) {
        String topic = table.properties().get(io.meshwork.lake.iceberg.LakeNames.TOPIC_PROPERTY);
        Instant now = Instant.now();
        Compaction.Result compacted = Compaction.compact(table, new Compaction.Settings(settings.targetSize().asLongValue(),
                settings.closedAfter(), settings.openHourFiles()), workDir, now);
        if (compacted.filesRemoved() > 0) {
            meters.counter("mesh.archiver.compacted.files", "topic", topic).increment(compacted.filesRemoved());
            LOG.infof("Compacted %d file(s) of %d hour(s) of %s into %d (%d rows) in snapshot %d",
                    compacted.filesRemoved(), compacted.hours(), table.name(), compacted.filesAdded(), compacted.rows(),
                    compacted.snapshot());
        }
        SnapshotExpiry.Result expired = SnapshotExpiry.expire(table, settings.snapshotRetention(), settings.orphanAge(), now);
        if (expired.snapshots() > 0 || expired.filesDeleted() > 0) {
            LOG.debugf("Expired %d snapshot(s) of %s and deleted %d file(s)", (Object) expired.snapshots(), table.name(),
                    expired.filesDeleted());
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        try {
            schedule.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
