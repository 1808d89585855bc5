package io.meshwork.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.kafka.TestKafka;
import io.meshwork.testkit.s3.S3Endpoint;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@MeshInfra
class MeshInfraExtensionTest {

    @Test
    void handsTheTestAWorkingKafka(TestKafka kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.superuserConfig())) {
            admin.createTopics(List.of(new NewTopic("extension.check.v1", 3, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains("extension.check.v1");
        }
    }

    @Test
    void givesEachPrincipalItsOwnCredentials(TestKafka kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.userConfig("testkit-reader"))) {
            assertThat(admin.describeCluster().nodes().get()).as("the principal authenticates").hasSize(1);
        }
        assertThat(kafka.password("testkit-reader")).isNotEqualTo(kafka.password("testkit-writer"));
    }

    @Test
    void handsTheTestAWorkingS3WithItsBucket(S3Endpoint s3) {
        try (S3Client client = s3.newClient()) {
            client.putObject(b -> b.bucket(TestInfrastructure.BUCKET).key("extension.txt"), RequestBody.fromString("ok"));
            assertThat(client.getObjectAsBytes(b -> b.bucket(TestInfrastructure.BUCKET).key("extension.txt")).asUtf8String())
                    .isEqualTo("ok");
        }
    }

    @Test
    void sharesOneInfrastructureAcrossTests(TestKafka first, TestKafka second, S3Endpoint s3) {
        assertThat(first).isSameAs(second).isSameAs(TestInfrastructure.shared().kafka());
        assertThat(s3).isEqualTo(TestInfrastructure.shared().s3());
    }
}
