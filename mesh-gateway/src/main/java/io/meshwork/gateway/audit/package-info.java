/** The audit trail: who changed which contract, grant or subscription, when and why, in {@code _mesh.audit}. */
package io.meshwork.gateway.audit;
