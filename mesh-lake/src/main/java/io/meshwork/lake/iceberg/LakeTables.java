package io.meshwork.lake.iceberg;

import io.meshwork.core.lake.LakePaths;
import io.meshwork.lake.parquet.ParquetFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Makes and keeps the table of an archived topic: format v2, partitioned by the hour of the event
 * time ({@code _kafka_timestamp}, which also gives its day), its schema the union of every row
 * schema written so far (Iceberg schema evolution, so a table holds every minor version), and the
 * product's description, owner and classifications as table properties. Files written by Meshwork's
 * own Parquet writer carry no field ids; the table's default name mapping reads them by name.
 */
public final class LakeTables {

    /** The Kafka position columns, which every row has. */
    public static final Set<String> REQUIRED = Set.of(LakePaths.PARTITION_COLUMN, LakePaths.OFFSET_COLUMN,
            LakePaths.TIMESTAMP_COLUMN);
    public static final String DOMAIN_PROPERTY = "meshwork.domain";
    public static final String CLASSIFICATION_PREFIX = "meshwork.classification.";
    private static final long HOUR_MILLIS = 3_600_000L;
    /** The columns whose every value differs: the Kafka offset within a partition, the CloudEvents id. */
    private static final Set<String> UNIQUE_COLUMNS = Set.of(LakePaths.OFFSET_COLUMN, LakePaths.EVENT_ID_COLUMN);

    /**
     * What a table says of itself.
     *
     * @param owner the owning team
     * @param classifications a classification per dotted field path, e.g. {@code customerEmail: pii}
     */
    public record About(String topic, String domain, String owner, String description,
                        Map<String, String> classifications) {
    }

    private LakeTables() {
    }

    /**
     * The topic's table, made if new, with its schema grown to hold rows of every given schema and
     * its properties as {@code about} says.
     *
     * @throws IllegalArgumentException when a row schema cannot join the table's, e.g. a column
     *     whose type changed in a way Iceberg cannot widen
     */
    public static Table ensure(LakeCatalog lake, About about, List<Schema> rowSchemas) {
        TableIdentifier identifier = LakeNames.table(about.topic());
        org.apache.iceberg.Schema first = IcebergSchemas.of(rowSchemas.get(0), REQUIRED);
        return ensure(lake.table(about.topic()).orElseGet(() -> create(lake, identifier, first, about)), about, rowSchemas);
    }

    /** {@link #ensure(LakeCatalog, About, List)} for a table already loaded: refreshed, not loaded again. */
    public static Table ensure(Table table, About about, List<Schema> rowSchemas) {
        table.refresh();
        TableIdentifier identifier = LakeNames.table(about.topic());
        org.apache.iceberg.Schema grown;
        try {
            grown = union(table.updateSchema(), rowSchemas).apply();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("the rows of " + about.topic() + " no longer fit table " + identifier
                    + ": " + e.getMessage(), e);
        }
        Transaction change = table.newTransaction();
        boolean changed = false;
        if (!grown.sameSchema(table.schema())) {
            union(change.updateSchema(), rowSchemas).commit();
            changed = true;
        }
        Map<String, String> wanted = properties(about, changed ? grown : table.schema());
        Map<String, String> differ = new HashMap<>();
        wanted.forEach((key, value) -> {
            if (!value.equals(table.properties().get(key))) {
                differ.put(key, value);
            }
        });
        List<String> gone = table.properties().keySet().stream()
                .filter(key -> key.startsWith(CLASSIFICATION_PREFIX) && !wanted.containsKey(key)).toList();
        if (!differ.isEmpty() || !gone.isEmpty()) {
            UpdateProperties properties = change.updateProperties();
            differ.forEach(properties::set);
            gone.forEach(properties::remove);
            properties.commit();
            changed = true;
        }
        if (changed) {
            change.commitTransaction();
            table.refresh();
        }
        return table;
    }

    private static UpdateSchema union(UpdateSchema update, List<Schema> rowSchemas) {
        for (Schema row : rowSchemas) {
            update.unionByNameWith(IcebergSchemas.of(row, REQUIRED));
        }
        return update;
    }

    private static Table create(LakeCatalog lake, TableIdentifier identifier, org.apache.iceberg.Schema schema, About about) {
        if (lake.catalog() instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(identifier.namespace())) {
            try {
                namespaces.createNamespace(identifier.namespace(), Map.of("comment", "The data products of domain "
                        + about.domain()));
            } catch (AlreadyExistsException raced) {
                // another archiver made it first
            }
        }
        PartitionSpec spec = PartitionSpec.builderFor(schema).hour(LakePaths.TIMESTAMP_COLUMN).build();
        Map<String, String> properties = new HashMap<>(properties(about, schema));
        properties.put(TableProperties.FORMAT_VERSION, "2");
        properties.put(TableProperties.PARQUET_COMPRESSION, "zstd");
        // The archiver retries a failed commit itself, after checking the offsets again.
        properties.put(TableProperties.COMMIT_NUM_RETRIES, "0");
        properties.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
        properties.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "50");
        try {
            return lake.catalog().createTable(identifier, schema, spec, properties);
        } catch (AlreadyExistsException raced) {
            return lake.catalog().loadTable(identifier);
        }
    }

    private static Map<String, String> properties(About about, org.apache.iceberg.Schema schema) {
        Map<String, String> properties = new HashMap<>();
        properties.put(LakeNames.TOPIC_PROPERTY, about.topic());
        properties.put(DOMAIN_PROPERTY, about.domain());
        if (about.owner() != null) {
            properties.put("owner", about.owner());
        }
        if (about.description() != null) {
            properties.put("comment", about.description());
        }
        about.classifications().forEach((field, classification) -> properties.put(CLASSIFICATION_PREFIX + field,
                classification));
        properties.put(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(schema)));
        return properties;
    }

    /**
     * A data file of the table, written elsewhere, with its metrics from the footer the writer wrote.
     *
     * @param eventHour any instant in the hour of event time that all of the file's rows share
     */
    public static DataFile dataFile(Table table, String location, long size, ParquetMetadata footer, Instant eventHour) {
        NameMapping names = NameMappingParser.fromJson(table.properties().get(TableProperties.DEFAULT_NAME_MAPPING));
        Metrics metrics = ParquetUtil.footerMetrics(footer, Stream.empty(), MetricsConfig.forTable(table), names);
        return DataFiles.builder(table.spec()).withPath(location).withFormat(FileFormat.PARQUET).withFileSizeInBytes(size)
                .withMetrics(metrics).withSplitOffsets(ParquetUtil.getSplitOffsets(footer))
                .withPartition(partition(table.spec(), eventHour)).build();
    }

    /**
     * A Parquet writer of rows of {@code rowSchema} into a local file for the table, each column
     * carrying the table's field id, as Iceberg readers look columns up by id. The table's schema must
     * hold the row schema already ({@link #ensure}).
     */
    public static ParquetWriter<GenericRecord> writer(Table table, Path local, Schema rowSchema) {
        NameMapping names = MappingUtil.create(table.schema());
        return ParquetFiles.writer(local, rowSchema, parquet -> ParquetSchemaUtil.applyNameMapping(parquet, names),
                UNIQUE_COLUMNS);
    }

    /** Where a new data file of the table goes, in its hour's folder. */
    public static String location(Table table, Instant eventHour, String fileName) {
        return table.locationProvider().newDataLocation(table.spec(), partition(table.spec(), eventHour), fileName);
    }

    private static PartitionData partition(PartitionSpec spec, Instant eventHour) {
        if (spec.fields().size() != 1 || !spec.fields().get(0).transform().toString().equals("hour")) {
            throw new IllegalStateException("the table is no longer partitioned by the hour of "
                    + LakePaths.TIMESTAMP_COLUMN + " alone, as the archiver writes it: " + spec);
        }
        PartitionData partition = new PartitionData(spec.partitionType());
        partition.set(0, (int) Math.floorDiv(eventHour.toEpochMilli(), HOUR_MILLIS));
        return partition;
    }
}
