/** JMH benchmarks of the mesh, each with a baseline measured in the same run. */
package io.meshwork.bench;
