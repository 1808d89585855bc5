/**
 * Real infrastructure for tests and for {@code mesh dev}: a KRaft Kafka broker, an S3 API, and the
 * JUnit 5 and Quarkus glue that hands their addresses to a test. Nothing here is a mock.
 */
package io.meshwork.testkit;
