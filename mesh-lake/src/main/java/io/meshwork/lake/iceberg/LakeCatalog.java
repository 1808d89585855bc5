package io.meshwork.lake.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * The catalog of the lake's tables, named {@value #NAME}: Iceberg's JDBC catalog on a SQLite file
 * for one machine, on PostgreSQL for production, or any Iceberg REST catalog. Its files are read and
 * written through Iceberg's S3 file IO on the lake's bucket, which is the warehouse.
 */
public final class LakeCatalog implements AutoCloseable {

    /** The catalog's name, as Spark and Trino settings refer to it. */
    public static final String NAME = "mesh";

    private final Catalog catalog;

    private LakeCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param settings Iceberg catalog properties: {@code type} ({@code jdbc}, the default, or
     *     {@code rest}), {@code uri} (e.g. {@code jdbc:sqlite:.mesh/lake-catalog.db},
     *     {@code jdbc:postgresql://db/lake} or {@code https://catalog}), and any other property of
     *     that catalog, such as {@code jdbc.user}; the warehouse and S3 settings come from {@code s3}
     */
    public static LakeCatalog open(Map<String, String> settings, LakeS3 s3) {
        Map<String, String> properties = properties(settings, s3);
        String uri = properties.get(CatalogProperties.URI);
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("the lake's catalog has no uri: set e.g. jdbc:sqlite:lake-catalog.db,"
                    + " jdbc:postgresql://host/lake or the address of an Iceberg REST catalog");
        }
        sqliteFile(uri).ifPresent(LakeCatalog::createParent);
        return new LakeCatalog(CatalogUtil.buildIcebergCatalog(NAME, properties, null));
    }

    /** Every property the catalog opens with: the given ones over the lake's defaults. */
    public static Map<String, String> properties(Map<String, String> settings, LakeS3 s3) {
        Map<String, String> properties = new HashMap<>();
        properties.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC);
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, s3.warehouse());
        properties.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
        properties.put("http-client.type", "urlconnection");
        properties.put("client.region", s3.region());
        properties.put("s3.path-style-access", String.valueOf(s3.pathStyle()));
        s3.endpoint().ifPresent(endpoint -> properties.put("s3.endpoint", endpoint.toString()));
        if (s3.accessKey().isPresent() && s3.secretKey().isPresent()) {
            properties.put("s3.access-key-id", s3.accessKey().get());
            properties.put("s3.secret-access-key", s3.secretKey().get());
        }
        // The schema of the JDBC catalog that also keeps views; set for new catalogs only.
        properties.put("jdbc.schema-version", "V1");
        properties.putAll(settings);
        if (sqliteFile(properties.getOrDefault(CatalogProperties.URI, "")).isPresent()) {
            // Archiver and CLI may open one SQLite file at once: wait for the other's write rather than fail.
            properties.putIfAbsent("jdbc.busy_timeout", "10000");
        }
        return properties;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The table of a topic; empty until the archiver made it. */
    public Optional<Table> table(String topic) {
        try {
            return Optional.of(catalog.loadTable(LakeNames.table(topic)));
        } catch (NoSuchTableException none) {
            return Optional.empty();
        }
    }

    /** The names of every table in the catalog, without loading any: a listing of the catalog alone. */
    public List<TableIdentifier> identifiers() {
        List<TableIdentifier> identifiers = new ArrayList<>();
        if (catalog instanceof SupportsNamespaces namespaces) {
            for (Namespace namespace : namespaces.listNamespaces()) {
                identifiers.addAll(catalog.listTables(namespace));
            }
        }
        identifiers.sort(Comparator.comparing(TableIdentifier::toString));
        return identifiers;
    }

    /** A table by name; empty when it is gone. */
    public Optional<Table> table(TableIdentifier identifier) {
        try {
            return Optional.of(catalog.loadTable(identifier));
        } catch (NoSuchTableException none) {
            return Optional.empty();
        }
    }

    /** Every table of the mesh (one that names its topic), by name. */
    public List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        if (!(catalog instanceof SupportsNamespaces namespaces)) {
            return tables;
        }
        for (Namespace namespace : namespaces.listNamespaces()) {
            for (TableIdentifier identifier : catalog.listTables(namespace)) {
                try {
                    Table table = catalog.loadTable(identifier);
                    if (table.properties().containsKey(LakeNames.TOPIC_PROPERTY)) {
                        tables.add(table);
                    }
                } catch (NoSuchTableException dropped) {
                    // dropped between listing and loading
                }
            }
        }
        tables.sort(Comparator.comparing(Table::name));
        return tables;
    }

    private static Optional<Path> sqliteFile(String uri) {
        if (!uri.startsWith("jdbc:sqlite:")) {
            return Optional.empty();
        }
        String file = uri.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        file = query < 0 ? file : file.substring(0, query);
        return file.isBlank() || file.equals(":memory:") || file.startsWith("file:") ? Optional.empty()
                : Optional.of(Path.of(file));
    }

    private static void createParent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + parent + " for the lake's catalog", e);
        }
    }

    @Override
    public void close() {
        if (catalog instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing is left to do with a catalog being closed
            }
        }
    }
}
