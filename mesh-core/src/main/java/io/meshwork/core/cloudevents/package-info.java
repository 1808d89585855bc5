/** CloudEvents metadata carried as Kafka headers in binary mode, the same for every way an event enters the mesh. */
package io.meshwork.core.cloudevents;
