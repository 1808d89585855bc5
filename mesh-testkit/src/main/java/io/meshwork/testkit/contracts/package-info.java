/** Data contracts for tests and benchmarks, written as a domain team writes them. */
package io.meshwork.testkit.contracts;
