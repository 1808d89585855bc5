/**
 * The catalog of data products: contracts applied by their domains, each with its registered
 * schema and its topic, kept in the compacted topic {@code _mesh.catalog}.
 */
package io.meshwork.gateway.catalog;
