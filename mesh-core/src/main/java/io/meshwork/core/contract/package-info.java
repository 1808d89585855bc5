/**
 * Data contracts: one YAML file per data product version, shaped after the Open Data Contract
 * Standard v3, with its Avro schema in a sibling {@code .avsc} file. Loading checks everything and
 * reports each problem with the file, line and field, and what to do about it.
 */
package io.meshwork.core.contract;
