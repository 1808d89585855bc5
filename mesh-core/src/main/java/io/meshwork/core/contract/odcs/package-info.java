/**
 * Contracts as the Open Data Contract Standard (ODCS v3.1.0) writes them: YAML read into a tree
 * that remembers the line of every value, validated against the standard's JSON Schema, and bound
 * to records that the contract's checks read.
 */
package io.meshwork.core.contract.odcs;
