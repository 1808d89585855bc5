package io.meshwork.testkit.s3;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where an S3 API answers and the credentials it accepts.
 *
 * @param endpoint the service URL, e.g. {@code http://localhost:9000}
 * @param region the signing region
 * @param accessKey the access key id
 * @param secretKey the secret access key
 */
public record S3Endpoint(URI endpoint, String region, String accessKey, String secretKey) {

    /** An AWS SDK v2 client for this endpoint with path-style addressing; the caller closes it. */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
