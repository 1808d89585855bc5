/**
 * Product quality as the post-publish monitor reports it in {@code _mesh.quality}: volume per
 * minute, rule-violation rate, null rate per field and freshness against the contract's SLA.
 */
package io.meshwork.gateway.quality;
