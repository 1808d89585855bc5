/**
 * A real single-node KRaft broker, in-process for tests and as a standalone process for
 * {@code mesh dev}, and the choice of which Kafka a test talks to.
 */
package io.meshwork.testkit.kafka;
