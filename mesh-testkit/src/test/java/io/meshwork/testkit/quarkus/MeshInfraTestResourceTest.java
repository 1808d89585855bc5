package io.meshwork.testkit.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.s3.S3Endpoint;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

class MeshInfraTestResourceTest {

    @Test
    void givesQuarkusTheAddressesOfRealKafkaAndS3() throws Exception {
        MeshInfraTestResource resource = new MeshInfraTestResource();
        resource.init(Map.of());

        Map<String, String> config = resource.start();

        assertThat(config).containsEntry("quarkus.kafka.devservices.enabled", "false")
                .containsEntry("quarkus.devservices.enabled", "false")
                .containsEntry("mesh.kafka.username", MeshPrincipals.GATEWAY)
                .containsKeys("kafka.bootstrap.servers", "mesh.kafka.password", "mesh.kafka.access.credentials-key",
                        "mesh.s3.endpoint", "mesh.s3.bucket");
        try (Admin admin = Admin.create(TestInfrastructure.shared().kafka().superuserConfig())) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
        S3Endpoint s3 = new S3Endpoint(URI.create(config.get("mesh.s3.endpoint")), config.get("mesh.s3.region"),
                config.get("mesh.s3.access-key"), config.get("mesh.s3.secret-key"));
        try (S3Client client = s3.newClient()) {
            assertThat(client.listBuckets().buckets()).extracting(Bucket::name).contains(config.get("mesh.s3.bucket"));
        }
    }

    @Test
    void givesAServiceOnlyItsOwnCredentials() {
        MeshInfraTestResource resource = new MeshInfraTestResource();
        resource.init(Map.of("principal", MeshPrincipals.ARCHIVER, "s3", "false"));

        assertThat(resource.start()).containsEntry("mesh.kafka.username", MeshPrincipals.ARCHIVER)
                .containsEntry("mesh.kafka.password", TestInfrastructure.shared().kafka().password(MeshPrincipals.ARCHIVER))
                .doesNotContainKey("mesh.kafka.access.credentials-key");
    }

    @Test
    void leavesS3OutWhenAsked() {
        MeshInfraTestResource resource = new MeshInfraTestResource();
        resource.init(Map.of("s3", "false"));

        assertThat(resource.start()).containsKey("kafka.bootstrap.servers")
                .doesNotContainKey("mesh.s3.endpoint");
    }
}
