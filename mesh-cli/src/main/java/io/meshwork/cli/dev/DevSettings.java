package io.meshwork.cli.dev;

import java.nio.file.Path;

/**
 * What {@code mesh dev} runs and where.
 *
 * @param home the folder for data, logs and the state file (default {@code .mesh})
 * @param kafkaPort the Kafka client port
 * @param kafkaControllerPort the KRaft controller port
 * @param s3Port the S3 API port
 * @param s3AccessKey the access key S3 clients sign with
 * @param s3SecretKey the secret key S3 clients sign with
 * @param lakeBucket the bucket created for the lake
 * @param gatewayPort the gateway's HTTP port
 * @param s3proxyJar s3proxy's jar; {@code null} to locate it
 * @param gatewayApp the gateway's {@code quarkus-run.jar}
 * @param archiverApp the archiver's {@code quarkus-run.jar}
 * @param processorsApp the stream processors' {@code quarkus-run.jar}
 * @param processorsPort the stream processors' HTTP port (aggregates by key, metrics)
 * @param demo the demo domains to apply and run, or {@code null} for an empty mesh
 */
public record DevSettings(Path home, int kafkaPort, int kafkaControllerPort, int s3Port, String s3AccessKey,
                          String s3SecretKey, String lakeBucket, int gatewayPort, Path s3proxyJar, Path gatewayApp,
                          Path archiverApp, Path processorsApp, int processorsPort, Demo demo) {

    /**
     * The demo domains.
     *
     * @param contracts the folder of their contracts, applied at start
     * @param producersApp the domain producers' {@code quarkus-run.jar}
     * @param rate events per second, all domains together
     */
    public record Demo(Path contracts, Path producersApp, double rate) {
    }

    Path kafkaData() {
        return home.resolve("kafka");
    }

    Path s3Data() {
        return home.resolve("s3");
    }

    Path logs() {
        return logs(home);
    }

    static Path logs(Path home) {
        return home.resolve("logs");
    }

    /** Where the token signing key pair lives; see {@code mesh token}. */
    public Path keys() {
        return home.resolve("keys");
    }

    /** The key every Kafka principal's password derives from; see {@code mesh kafka-config}. */
    public Path kafkaCredentialsKey() {
        return keys().resolve(KAFKA_CREDENTIALS_KEY);
    }

    /** The file name of the Kafka credentials key in the keys folder. */
    public static final String KAFKA_CREDENTIALS_KEY = "kafka-credentials.key";

    Path stateFile() {
        return stateFile(home);
    }

    /** The dev lake's table catalog: Iceberg's JDBC catalog on a SQLite file beside the other data. */
    public static String lakeCatalogUri(Path home) {
        return "jdbc:sqlite:" + home.resolve("lake-catalog.db").toAbsolutePath();
    }

    static Path stateFile(Path home) {
        return home.resolve("dev.properties");
    }

    Path lockFile() {
        return home.resolve("dev.lock");
    }
}
