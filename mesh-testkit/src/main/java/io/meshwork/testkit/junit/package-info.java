/** JUnit 5 support: {@link io.meshwork.testkit.junit.MeshInfra} hands a test real Kafka and S3. */
package io.meshwork.testkit.junit;
