/**
 * A real single-node KRaft broker with SASL authentication and ACLs, in-process for tests and as a
 * standalone process for {@code mesh dev}, and the credentials tests connect with.
 */
package io.meshwork.testkit.kafka;
