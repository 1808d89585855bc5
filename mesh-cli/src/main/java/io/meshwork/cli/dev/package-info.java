/**
 * {@code mesh dev}: the whole mesh on one machine with one command, on real Kafka and real S3,
 * with its data kept under {@code .mesh/} across restarts.
 */
package io.meshwork.cli.dev;
