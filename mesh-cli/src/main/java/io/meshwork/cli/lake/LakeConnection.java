package io.meshwork.cli.lake;

import io.meshwork.cli.dev.DevState;
import io.meshwork.lake.iceberg.LakeCatalog;
import io.meshwork.lake.iceberg.LakeS3;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Which lake to read: the running dev mesh's embedded one by default, or any S3 bucket (AWS,
 * MinIO, s3proxy) and table catalog given by options. Shared by the {@code mesh lake} commands.
 */
public final class LakeConnection {

    @Option(names = "--bucket", paramLabel = "NAME", defaultValue = "${env:MESH_LAKE_BUCKET}",
            description = "The lake's bucket (default: the dev mesh's; env MESH_LAKE_BUCKET).")
    String bucket;

    @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:MESH_S3_ENDPOINT}",
            description = "An S3 API other than AWS, e.g. http://minio:9000 (default: the dev mesh's; env MESH_S3_ENDPOINT).")
    URI endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION:-us-east-1}",
            description = "The bucket's region (default: ${DEFAULT-VALUE}; env AWS_REGION).")
    String region;

    @Option(names = "--virtual-hosted", description = "Address the bucket as a host name (bucket.endpoint) rather than a path.")
    boolean virtualHosted;

    @Option(names = "--catalog", paramLabel = "URI", defaultValue = "${env:MESH_LAKE_CATALOG}",
            description = "The lake's table catalog: jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB or the URL of an Iceberg"
                + " REST catalog (with --catalog-property type=rest) (default: the dev mesh's; env MESH_LAKE_CATALOG).")
    String catalog;

    @Option(names = "--catalog-property", paramLabel = "KEY=VALUE",
            description = "Another Iceberg catalog property, e.g. type=rest, jdbc.user=lake or token=...; repeatable.")
    Map<String, String> catalogProperties = new HashMap<>();

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:MESH_HOME:-.mesh}",
            description = "The dev mesh's data folder, whose lake is read when no bucket is given (default: ${DEFAULT-VALUE}).")
    Path home;

    /** The bucket to read. */
    String bucket() {
        if (bucket != null && !bucket.isBlank()) {
            return bucket;
        }
        return dev().map(DevState::lakeBucket).orElseThrow(() -> new IllegalArgumentException(
                "no lake to read: start ./mesh dev, or name a bucket with --bucket (and --s3-endpoint for S3 outside AWS)"));
    }

    /** An S3 client for the lake; credentials from the dev mesh or AWS's default chain (env AWS_ACCESS_KEY_ID...). */
    S3Client client() {
        Optional<DevState> dev = bucket == null || bucket.isBlank() ? dev() : Optional.empty();
        S3ClientBuilder builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(!virtualHosted);
        if (dev.isPresent()) {
            DevState state = dev.get();
            return builder.endpointOverride(URI.create(state.s3Endpoint())).region(Region.of(state.s3Region()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(state.s3AccessKey(), state.s3SecretKey()))).build();
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.region(Region.of(region)).credentialsProvider(DefaultCredentialsProvider.builder().build()).build();
    }

    /** The lake's table catalog, on the same bucket and credentials as {@link #client()}. */
    LakeCatalog catalog() {
        Optional<DevState> dev = bucket == null || bucket.isBlank() ? dev() : Optional.empty();
        Map<String, String> properties = new HashMap<>(catalogProperties);
        LakeS3 s3;
        if (dev.isPresent()) {
            DevState state = dev.get();
            properties.putIfAbsent("uri", catalog != null && !catalog.isBlank() ? catalog : state.lakeCatalogUri());
            s3 = new LakeS3(state.lakeBucket(), Optional.of(URI.create(state.s3Endpoint())), state.s3Region(), true,
                    Optional.of(state.s3AccessKey()), Optional.of(state.s3SecretKey()));
        } else {
            if (catalog == null || catalog.isBlank()) {
                throw new IllegalArgumentException("no lake catalog to read: start ./mesh dev, or name one with --catalog"
                        + " (e.g. jdbc:postgresql://db/lake) beside --bucket");
            }
            properties.putIfAbsent("uri", catalog);
            s3 = new LakeS3(bucket(), Optional.ofNullable(endpoint), region, !virtualHosted, Optional.empty(), Optional.empty());
        }
        return LakeCatalog.open(properties, s3);
    }

    /** Where downloaded files are kept between queries. */
    Path cache() {
        return home.resolve("lake-cache").resolve(bucket());
    }

    private Optional<DevState> dev() {
        return DevState.running(home);
    }
}
