package io.meshwork.cli.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.lake.LakePaths;
import io.meshwork.lake.parquet.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archived rows come out in event-time order with no more than a run of them in memory. */
class EventTimeOrderTest {

    private static final Schema V1 = lake(SchemaBuilder.record("Order").fields().requiredString("orderId"));
    private static final Schema V2 = lake(SchemaBuilder.record("Order").fields().requiredString("orderId")
            .optionalString("note"));

    @TempDir
    Path folder;

    @Test
    void mergesSortedRunsOfSeveralFilesAndSchemasIntoOneOrderAndCleansUp() throws Exception {
        Random random = new Random(20261201);
        List<Path> files = new ArrayList<>();
        List<long[]> written = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            Schema schema = f % 2 == 0 ? V1 : V2;
            Path file = folder.resolve("file-" + f + ".parquet");
            try (ParquetWriter<GenericRecord> writer = ParquetFiles.writer(file, schema)) {
                for (int i = 0; i < 25; i++) {
                    long time = 1_000 + random.nextInt(50);
                    GenericData.Record row = new GenericData.Record(schema);
                    row.put("orderId", "o-" + f + "-" + i);
                    row.put(LakePaths.TIMESTAMP_COLUMN, time);
                    row.put(LakePaths.PARTITION_COLUMN, f % 3);
                    row.put(LakePaths.OFFSET_COLUMN, (long) i);
                    writer.write(row);
                    written.add(new long[] {time, f % 3, i});
                }
            }
            files.add(file);
        }
        Path work = Files.createDirectory(folder.resolve("work"));

        List<GenericRecord> read = new ArrayList<>();
        try (EventTimeOrder rows = EventTimeOrder.of(files, row -> (Long) row.get(LakePaths.TIMESTAMP_COLUMN) < 1_040,
                7, work)) {
            assertThat(Files.list(work).count()).as("sorted runs on disk").isGreaterThan(8);
            rows.forEachRemaining(read::add);
            assertThat(rows.size()).isEqualTo(read.size());
        }

        assertThat(read).hasSize((int) written.stream().filter(w -> w[0] < 1_040).count());
        assertThat(read).isSortedAccordingTo(EventTimeOrder.ORDER);
        assertThat(read).extracting(r -> r.getSchema().getField("note") != null).contains(true, false);
        assertThat(work).doesNotExist();
    }

    private static Schema lake(SchemaBuilder.FieldAssembler<Schema> fields) {
        return fields.requiredLong(LakePaths.TIMESTAMP_COLUMN).requiredInt(LakePaths.PARTITION_COLUMN)
                .requiredLong(LakePaths.OFFSET_COLUMN).endRecord();
    }
}
