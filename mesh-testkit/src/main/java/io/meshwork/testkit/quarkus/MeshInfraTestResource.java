package io.meshwork.testkit.quarkus;

import io.meshwork.core.access.MeshPrincipals;
import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.s3.S3Endpoint;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a Quarkus application under test at the JVM's shared Kafka and S3:
 * {@code @QuarkusTestResource(MeshInfraTestResource.class)}. Sets {@code kafka.bootstrap.servers},
 * the principal's Kafka credentials ({@code mesh.kafka.username}, {@code mesh.kafka.password}) and
 * {@code mesh.s3.*}, and turns Dev Services off. The init argument {@code principal} names the
 * application's principal (default: the gateway, which also gets the credentials key of its access
 * manager); {@code s3=false} leaves S3 out.
 */
public final class MeshInfraTestResource implements QuarkusTestResourceLifecycleManager {

    private boolean withS3 = true;
    private String principal = MeshPrincipals.GATEWAY;

    @Override
    public void init(Map<String, String> initArgs) {
        withS3 = !"false".equalsIgnoreCase(initArgs.getOrDefault("s3", "true"));
        principal = initArgs.getOrDefault("principal", MeshPrincipals.GATEWAY);
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.shared();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.devservices.enabled", "false");
        config.put("quarkus.kafka.devservices.enabled", "false");
        config.putAll(principal.equals(MeshPrincipals.GATEWAY) ? infra.kafka().gatewayConfig()
                : infra.kafka().serviceConfig(principal));
        if (withS3) {
            S3Endpoint s3 = infra.s3();
            config.put("mesh.s3.endpoint", s3.endpoint().toString());
            config.put("mesh.s3.region", s3.region());
            config.put("mesh.s3.access-key", s3.accessKey());
            config.put("mesh.s3.secret-key", s3.secretKey());
            config.put("mesh.s3.path-style", "true");
            config.put("mesh.s3.bucket", TestInfrastructure.BUCKET);
        }
        return config;
    }

    @Override
    public void stop() {
        // The infrastructure is shared by every test class of the JVM and stops when the JVM exits.
    }
}
