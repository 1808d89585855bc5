/**
 * Derived data products: windowed aggregates and stream-table enrichments, each declared by a
 * contract of its owning domain and published to its own versioned topic like any product.
 */
package io.meshwork.processors.derived;
