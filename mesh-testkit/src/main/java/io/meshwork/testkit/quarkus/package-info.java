/** Quarkus test support: real Kafka and S3 for {@code @QuarkusTest} classes, without Dev Services. */
package io.meshwork.testkit.quarkus;
