package io.meshwork.lake.iceberg;

import java.net.URI;
import java.util.Optional;

/**
 * The lake's bucket and how to reach it: any S3 API, path-style or virtual-hosted.
 *
 * @param endpoint an S3 API other than AWS, e.g. {@code http://minio:9000}; empty for AWS itself
 * @param accessKey with {@code secretKey}, static credentials; empty for AWS's default chain
 */
public record LakeS3(String bucket, Optional<URI> endpoint, String region, boolean pathStyle,
                     Optional<String> accessKey, Optional<String> secretKey) {

    /** Where the tables are: {@code s3://<bucket>}, one folder per namespace and table. */
    public String warehouse() {
        return "s3://" + bucket;
    }
}
