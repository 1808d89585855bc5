package io.meshwork.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3Test {

    private static final String BUCKET = "lake";
    private static EmbeddedS3 s3;
    private static S3Client client;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start(EmbeddedS3.Config.ephemeral());
        s3.createBucket(BUCKET);
        client = s3.endpoint().newClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        s3.stop();
    }

    @Test
    void putsGetsListsAndDeletesObjects() {
        client.putObject(b -> b.bucket(BUCKET).key("orders/dt=2026-11-22/a.txt"), RequestBody.fromString("first"));
        client.putObject(b -> b.bucket(BUCKET).key("orders/dt=2026-11-22/b.txt"), RequestBody.fromString("second"));

        ResponseBytes<GetObjectResponse> got = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("orders/dt=2026-11-22/a.txt"));
        assertThat(got.asString(StandardCharsets.UTF_8)).isEqualTo("first");
        assertThat(client.listObjectsV2(b -> b.bucket(BUCKET).prefix("orders/")).contents())
                .extracting(S3Object::key)
                .containsExactly("orders/dt=2026-11-22/a.txt", "orders/dt=2026-11-22/b.txt");

        client.deleteObject(b -> b.bucket(BUCKET).key("orders/dt=2026-11-22/a.txt"));

        assertThat(client.listObjectsV2(b -> b.bucket(BUCKET).prefix("orders/")).contents())
                .extracting(S3Object::key).containsExactly("orders/dt=2026-11-22/b.txt");
        assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket(BUCKET).key("orders/dt=2026-11-22/a.txt")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void assemblesAMultipartUploadOfMoreThanTenMegabytes() throws Exception {
        int partSize = 6 * 1024 * 1024;
        byte[] whole = new byte[2 * partSize + 123];
        new Random(42).nextBytes(whole);
        String key = "big/multipart.bin";

        String uploadId = client.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int offset = 0, number = 1; offset < whole.length; offset += partSize, number++) {
            int length = Math.min(partSize, whole.length - offset);
            int partNumber = number;
            String etag = client.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(java.util.Arrays.copyOfRange(whole, offset, offset + length))).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        client.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));

        byte[] read = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
        assertThat(read).hasSize(whole.length);
        assertThat(sha256(read)).isEqualTo(sha256(whole));
    }

    @Test
    void refusesRequestsSignedWithWrongCredentials() {
        S3Endpoint wrong = new S3Endpoint(s3.endpoint().endpoint(), s3.endpoint().region(), "meshwork", "not-the-secret");
        try (S3Client intruder = wrong.newClient()) {
            assertThatThrownBy(() -> intruder.listObjectsV2(b -> b.bucket(BUCKET)))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void keepsObjectsInItsDataDirAcrossRestarts(@TempDir Path dir) {
        EmbeddedS3.Config config = EmbeddedS3.Config.ephemeral().withDataDir(dir.resolve("s3"), dir.resolve("s3.log"));
        try (EmbeddedS3 first = EmbeddedS3.start(config)) {
            first.createBucket("kept");
            try (S3Client c = first.endpoint().newClient()) {
                c.putObject(b -> b.bucket("kept").key("k"), RequestBody.fromString("still here"));
            }
        }
        assertThat(dir.resolve("s3/kept/k")).as("buckets are browsable folders").hasContent("still here");

        try (EmbeddedS3 second = EmbeddedS3.start(config); S3Client c = second.endpoint().newClient()) {
            assertThat(c.getObjectAsBytes(b -> b.bucket("kept").key("k")).asUtf8String()).isEqualTo("still here");
        }
    }

    @Test
    void servesOnLocalhost() {
        URI endpoint = s3.endpoint().endpoint();
        assertThat(endpoint.getScheme()).isEqualTo("http");
        assertThat(endpoint.getHost()).isEqualTo("localhost");
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
