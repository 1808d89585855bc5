/**
 * The post-publish quality monitor: checks natively published events against their contract's
 * rules, records violations as dead letters, and reports volume, violation rate, null rates and
 * freshness per product as metrics and to {@code _mesh.quality}.
 */
package io.meshwork.processors.quality;
