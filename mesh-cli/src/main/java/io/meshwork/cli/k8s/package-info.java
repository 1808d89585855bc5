/**
 * {@code mesh k8s}: the mesh on Kubernetes with Strimzi. {@code render} turns a contracts folder into
 * the {@code KafkaTopic} and {@code KafkaUser} resources of its products and principals, with the
 * ACLs of the same generator ({@link io.meshwork.core.access.AccessPlan}) that the gateway applies.
 */
package io.meshwork.cli.k8s;
