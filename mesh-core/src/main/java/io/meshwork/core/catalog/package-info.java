/** The gateway's catalog as services read it: products with their schemas, rules and derivations. */
package io.meshwork.core.catalog;
