/**
 * The bodies of the gateway's {@code /v1} API and of the stream processors' API, as records that
 * the resources answer with and every client reads: a field renamed here is renamed on both sides
 * at compile time. {@link io.meshwork.core.api.MeshClient} is the one client of that API.
 */
package io.meshwork.core.api;
