/** How the gateway starts and stops alongside the rest of the mesh. */
package io.meshwork.gateway.lifecycle;
