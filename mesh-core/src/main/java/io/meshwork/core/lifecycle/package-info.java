/** How a service of the mesh leaves: with the process that started it, and for good when it decides to. */
package io.meshwork.core.lifecycle;
