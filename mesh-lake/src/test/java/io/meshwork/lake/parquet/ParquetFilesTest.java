package io.meshwork.lake.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFilesTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Ping", "namespace": "io.meshwork.test", "fields": [
              {"name": "id", "type": "string"},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "note", "type": ["null", "string"], "default": null}]}
            """);

    /** The magic number that starts every zstd frame. */
    private static final String ZSTD_FRAME = new String(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd},
            java.nio.charset.StandardCharsets.ISO_8859_1);

    @Test
    void writesZstdParquetWithoutHadoopAndReadsItBackWithItsSchema(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("pings.parquet");
        try (ParquetWriter<GenericRecord> writer = ParquetFiles.writer(file, SCHEMA)) {
            for (int i = 0; i < 1000; i++) {
                GenericRecord ping = new GenericData.Record(SCHEMA);
                ping.put("id", "p-" + i);
                ping.put("at", 1_700_000_000_000L + i);
                ping.put("note", i % 2 == 0 ? null : "odd");
                writer.write(ping);
            }
        }

        List<GenericRecord> read = ParquetFiles.readAll(file);

        assertThat(read).hasSize(1000);
        assertThat(read.get(0).getSchema()).isEqualTo(SCHEMA);
        assertThat(read.get(1).get("note").toString()).isEqualTo("odd");
        assertThat(read.get(999).get("at")).isEqualTo(1_700_000_000_999L);
        String bytes = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(bytes).startsWith("PAR1").contains(ZSTD_FRAME);
    }
}
