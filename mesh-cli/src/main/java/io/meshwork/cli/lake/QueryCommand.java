package io.meshwork.cli.lake;

import io.meshwork.cli.MeshVersion;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.LakeNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh lake query "SQL"}: DuckDB over the lake, a view per product named after its topic. */
@Command(name = "query",
        mixinStandardHelpOptions = true,
        versionProvider = MeshVersion.class,
        description = {
            "Runs SQL over the lake's Iceberg tables with DuckDB. Each table is a view named after it"
                + " (orders.order_placed_v2, of topic orders.order-placed.v2, is orders_order_placed_v2; the dead letters"
                + " of domain orders are orders_dead_letters), over the data files of its current"
                + " snapshot (or the one at --as-of), with the event hour as columns dt and hour: filter on them"
                + " and DuckDB reads only those files. Files of the tables the query names are copied from S3"
                + " first, and only those not copied before.",
            "Example: ./mesh lake query \"SELECT dt, hour, count(*) FROM orders_order_placed_v2 GROUP BY ALL\"",
            "Exit status: 0 with the result, 1 when the query fails."
        })
public final class QueryCommand implements Callable<Integer> {

    /** How results are printed. */
    public enum Format { table, csv, json }

    private static final Logger LOG = LoggerFactory.getLogger(QueryCommand.class);
    private static final int MAX_CELL = 60;

    @Spec
    CommandSpec spec;

    @Mixin
    LakeConnection lake;

    @Parameters(paramLabel = "SQL", description = "The query.")
    String sql;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--as-of", paramLabel = "TIME",
            description = "Query the tables as they were at this time, e.g. 2026-12-01T10:00:00Z (time travel).")
    Instant asOf;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String bucket = lake.bucket();
        List<String> views = new ArrayList<>();
        try (LakeCatalog catalog = lake.catalog(); Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement statement = duck.createStatement()) {
                for (TableIdentifier identifier : catalog.identifiers()) {
                    String view = LakeNames.view(identifier);
                    if (mentions(sql, view) == 0) {
                        views.add(view);
                        continue;
                    }
                    Optional<Table> found = catalog.table(identifier);
                    if (found.isEmpty()) {
                        continue;
                    }
                    Table table = found.get();
                    // Named once, the view is read once: only the files its WHERE can touch are fetched.
                    Expression filter = mentions(sql, view) == 1 ? QueryFilter.of(duck, sql, view, table.schema())
                            .orElse(Expressions.alwaysTrue()) : Expressions.alwaysTrue();
                    LOG.debug("Planning {} with {}", table.name(), filter);
                    Long snapshot = snapshot(table);
                    List<Path> files = TableFiles.fetch(table, snapshot, filter,
                            lake.cache().resolve(table.name()), line -> progress(err, line));
                    String none = "";
                    if (files.isEmpty() && filter.op() != Expression.Operation.TRUE) {
                        // No file can hold a matching row: a view of no rows, with the columns of the newest file.
                        files = TableFiles.newest(table, snapshot, lake.cache().resolve(table.name()))
                                .map(List::of).orElse(List.of());
                        none = " WHERE false";
                    }
                    if (!files.isEmpty()) {
                        statement.execute("CREATE VIEW " + view + " AS SELECT * FROM read_parquet(["
                                + files.stream().map(f -> "'" + f.toAbsolutePath().toString().replace("'", "''") + "'")
                                        .collect(Collectors.joining(", "))
                                + "], hive_partitioning = true, hive_types = {'dt': DATE, 'hour': INTEGER},"
                                + " union_by_name = true)" + none);
                        views.add(view);
                    }
                }
                progress(err, "");
                try (ResultSet result = statement.executeQuery(sql)) {
                    print(result, spec.commandLine().getOut());
                }
            } catch (SQLException e) {
                err.println("mesh: the query failed: " + e.getMessage().lines().findFirst().orElse(""));
                err.println("  views of s3://" + bucket + ": " + (views.isEmpty() ? "none yet" : String.join(", ", views)));
                return 1;
            }
        }
        return 0;
    }

    /** The snapshot to read: the current one, or the last one committed by {@code --as-of}. */
    private Long snapshot(Table table) {
        if (asOf == null) {
            return null;
        }
        try {
            return SnapshotUtil.snapshotIdAsOfTime(table, asOf.toEpochMilli());
        } catch (IllegalArgumentException none) {
            throw new IllegalArgumentException(table.name() + " has no snapshot as of " + asOf + ": its first is from "
                    + Instant.ofEpochMilli(SnapshotUtil.oldestAncestor(table).timestampMillis()), none);
        }
    }

    /** Download progress on one line of a terminal; nothing when the output goes to a file or a pipe. */
    private static void progress(PrintWriter err, String line) {
        if (System.console() != null) {
            err.print("\r" + line + " ".repeat(Math.max(0, 79 - line.length())) + (line.isEmpty() ? "\r" : ""));
            err.flush();
        }
    }

    /** How often the query names a view. */
    private static long mentions(String sql, String view) {
        return Pattern.compile("\\b" + Pattern.quote(view) + "\\b", Pattern.CASE_INSENSITIVE).matcher(sql).results().count();
    }

    private void print(ResultSet result, PrintWriter out) throws SQLException {
        int columns = result.getMetaData().getColumnCount();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
            names.add(result.getMetaData().getColumnLabel(i));
        }
        List<Object[]> rows = new ArrayList<>();
        while (result.next()) {
            Object[] row = new Object[columns];
            for (int i = 1; i <= columns; i++) {
                row[i - 1] = result.getObject(i);
            }
            rows.add(row);
        }
        switch (format) {
            case csv -> ResultFormats.csv(names, rows, out);
            case json -> ResultFormats.json(names, rows, out);
            default -> ResultFormats.table(names, rows, out, MAX_CELL);
        }
        out.flush();
    }
}
