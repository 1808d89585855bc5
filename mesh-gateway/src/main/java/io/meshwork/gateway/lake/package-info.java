/** What the gateway keeps of the lake: the audit trail of erasures from its tables. */
package io.meshwork.gateway.lake;
