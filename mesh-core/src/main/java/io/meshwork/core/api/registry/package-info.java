/**
 * The bodies of the Confluent-compatible schema registry API that the gateway serves under
 * {@code /registry}, with Confluent's field names, shared by the registry's resource and the serde's client.
 */
package io.meshwork.core.api.registry;
