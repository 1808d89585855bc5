package io.meshwork.archiver;

import io.meshwork.lake.iceberg.LakeS3;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/** The lake's S3 bucket, under {@code mesh.s3}; without an endpoint the AWS defaults apply. */
@ConfigMapping(prefix = "mesh.s3")
public interface S3Settings {

    /** The S3 API, e.g. {@code http://localhost:9000}; absent for AWS itself. */
    Optional<URI> endpoint();

    @WithDefault("us-east-1")
    String region();

    /** Absent: the AWS default credentials chain. */
    Optional<String> accessKey();

    Optional<String> secretKey();

    /** Path-style addressing ({@code endpoint/bucket/key}) rather than virtual-hosted ({@code bucket.endpoint/key}). */
    @WithDefault("true")
    boolean pathStyle();

    @WithDefault("meshwork-lake")
    String bucket();

    /** The bucket as the lake's tables reach it. */
    default LakeS3 lake() {
        return new LakeS3(bucket(), endpoint(), region(), pathStyle(), accessKey(), secretKey());
    }
}
