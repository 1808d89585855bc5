/** How HTTP bodies are written and read: the mesh's one JSON configuration, applied to Quarkus's mapper. */
package io.meshwork.gateway.json;
