package io.meshwork.testkit.junit;

import io.meshwork.testkit.TestInfrastructure;
import io.meshwork.testkit.kafka.TestKafka;
import io.meshwork.testkit.s3.S3Endpoint;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves {@link TestKafka} and {@link S3Endpoint} parameters to the JVM's shared infrastructure. */
public final class MeshInfraExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestKafka.class || type == S3Endpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestKafka.class ? TestInfrastructure.shared().kafka() : TestInfrastructure.shared().s3();
    }
}
