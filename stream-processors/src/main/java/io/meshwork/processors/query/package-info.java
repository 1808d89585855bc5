/** Aggregates read by key from the window stores, on whichever instance holds the key. */
package io.meshwork.processors.query;
