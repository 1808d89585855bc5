package io.meshwork.lake.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Parquet files of Avro records on local files, with ZSTD. Writing needs no Hadoop at all; reading
 * goes through Parquet's record reader, which loads Hadoop's API classes, so a program that reads
 * (the {@code mesh} command, tests) ships {@code hadoop-client-api}. Nothing of Hadoop runs either way.
 */
public final class ParquetFiles {

    private static final int ROW_GROUP_BYTES = 8 * 1024 * 1024;

    private ParquetFiles() {
    }

    /** A writer of {@code schema} records to {@code file}, replacing any file there. */
    public static ParquetWriter<GenericRecord> writer(Path file, Schema schema) {
        try {
            return AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                    .withSchema(schema)
                    .withDataModel(GenericData.get())
                    .withConf(new PlainParquetConfiguration())
                    .withCodecFactory(new ZstdCodecs())
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .withRowGroupSize((long) ROW_GROUP_BYTES)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a Parquet writer on " + file, e);
        }
    }

    /** Every record of a file, as generic records of the schema it was written with; needs {@code hadoop-client-api}. */
    public static List<GenericRecord> readAll(Path file) {
        List<GenericRecord> records = new ArrayList<>();
        read(file, records::add);
        return records;
    }

    /** Hands each record of a file to {@code each} as it is read, one row group in memory at a time. */
    public static void read(Path file, Consumer<GenericRecord> each) {
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file),
                new PlainParquetConfiguration()).withDataModel(GenericData.get()).withCodecFactory(new ZstdCodecs())
                .build()) {
            for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
                each.accept(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Parquet file " + file, e);
        }
    }
}
