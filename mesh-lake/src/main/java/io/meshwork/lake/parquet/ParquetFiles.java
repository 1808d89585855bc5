package io.meshwork.lake.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

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
        return writer(file, schema, UnaryOperator.identity());
    }

    /**
     * A writer of {@code schema} records to {@code file}, whose Parquet schema (as parquet-avro makes
     * it from the Avro schema) {@code ids} may change, e.g. to give each field its Iceberg field id.
     */
    public static ParquetWriter<GenericRecord> writer(Path file, Schema schema, UnaryOperator<MessageType> ids) {
        return writer(file, schema, ids, Set.of());
    }

    /**
     * As {@link #writer(Path, Schema, UnaryOperator)}, with the top-level columns {@code unique}
     * (whose every value differs, such as an id) written without a dictionary: trying one for each
     * row group only costs time before Parquet falls back to plain values anyway.
     */
    public static ParquetWriter<GenericRecord> writer(Path file, Schema schema, UnaryOperator<MessageType> ids,
                                                      Set<String> unique) {
        try {
            Builder builder = new Builder(new LocalOutputFile(file), schema, ids);
            unique.forEach(column -> builder.withDictionaryEncoding(column, false));
            return builder
                    .withConf(new PlainParquetConfiguration())
                    .withCodecFactory(new ZstdCodecs())
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .withRowGroupSize((long) ROW_GROUP_BYTES)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    // Lists in Parquet's standard three-level form, which every Iceberg reader maps by name.
                    .config(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a Parquet writer on " + file, e);
        }
    }

    /** parquet-avro's writer, with a Parquet schema of the caller's making. */
    private static final class Builder extends ParquetWriter.Builder<GenericRecord, Builder> {

        private final Schema schema;
        private final UnaryOperator<MessageType> ids;

        Builder(OutputFile file, Schema schema, UnaryOperator<MessageType> ids) {
            super(file);
            this.schema = schema;
            this.ids = ids;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(ParquetConfiguration conf) {
            MessageType parquet = ids.apply(new AvroSchemaConverter(conf).convert(schema));
            return new AvroWriteSupport<>(parquet, schema, GenericData.get());
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            throw new UnsupportedOperationException("Meshwork's Parquet files are written without Hadoop");
        }
    }

    /** The Avro schema a file was written with, from its footer; needs {@code hadoop-client-api}. */
    public static Schema schema(Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), ParquetReadOptions.builder(
                new PlainParquetConfiguration()).withCodecFactory(new ZstdCodecs()).build())) {
            String avro = reader.getFooter().getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema");
            if (avro == null) {
                throw new IllegalArgumentException(file + " was not written from Avro records: it names no Avro schema");
            }
            return new Schema.Parser().parse(avro);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the footer of " + file, e);
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
