/** The gateway: the governed front door of the mesh. */
package io.meshwork.gateway;
