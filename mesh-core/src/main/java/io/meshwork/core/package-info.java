/** What every Meshwork service shares: contracts, naming, quality rules and the wire format. */
package io.meshwork.core;
