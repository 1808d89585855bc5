/**
 * The control plane's state in compacted Kafka topics ({@code _mesh.*}): rebuilt on start by every
 * replica, written by one replica at a time.
 */
package io.meshwork.gateway.control;
