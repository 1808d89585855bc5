package io.meshwork.testkit.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class real infrastructure: declare a parameter of type
 * {@link io.meshwork.testkit.kafka.TestKafka} or {@link io.meshwork.testkit.s3.S3Endpoint} on a
 * test, lifecycle method or constructor and it receives the JVM's shared broker or S3.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MeshInfraExtension.class)
public @interface MeshInfra {
}
