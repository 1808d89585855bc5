/** Paces the demo world's events to a target rate, for a while or until stopped, and sums up what was sent. */
package io.meshwork.producers.load;
