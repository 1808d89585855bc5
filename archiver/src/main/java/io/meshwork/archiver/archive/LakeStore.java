package io.meshwork.archiver.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.archiver.S3Settings;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.lake.LakePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The lake's bucket: data files and the archiver's intents. Any S3 API, path-style or virtual-hosted. */
public final class LakeStore implements AutoCloseable {

    private static final ObjectMapper JSON = MeshJson.mapper();

    private final S3Client s3;
    private final String bucket;

    public LakeStore(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region())).forcePathStyle(settings.pathStyle());
        settings.endpoint().ifPresent(builder::endpointOverride);
        if (settings.accessKey().isPresent() && settings.secretKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().get())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
    }

    public String bucket() {
        return bucket;
    }

    public void upload(String key, Path file) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/vnd.apache.parquet"), RequestBody.fromFile(file));
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    public void writeIntent(String topic, int partition, Intent intent) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(LakePaths.intent(topic, partition)).contentType("application/json"),
                    RequestBody.fromBytes(JSON.writeValueAsBytes(intent)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Intent> readIntent(String topic, int partition) {
        try {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(LakePaths.intent(topic, partition))).asByteArray();
            return Optional.of(JSON.readValue(bytes, Intent.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the intent of " + topic + "-" + partition, e);
        }
    }

    public void deleteIntent(String topic, int partition) {
        delete(LakePaths.intent(topic, partition));
    }

    @Override
    public void close() {
        s3.close();
    }
}
