/**
 * Who may do what on Kafka: the mesh's principals, the SCRAM credentials each one authenticates
 * with, and the ACLs the catalog implies for each, computed by one pure function so that every
 * place that applies or renders them (the gateway's reconciler, Kubernetes manifests) agrees.
 */
package io.meshwork.core.access;
