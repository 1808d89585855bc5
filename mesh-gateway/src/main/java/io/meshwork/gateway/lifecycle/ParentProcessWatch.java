package io.meshwork.gateway.lifecycle;

import io.meshwork.core.lifecycle.ServiceExit;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code mesh.exit-with-parent=true} (as {@code mesh dev} starts the gateway), shuts the
 * gateway down when the process that started it ends, however it ends.
 */
public class ParentProcessWatch {

    void onStart(@Observes StartupEvent event,
                 @ConfigProperty(name = "mesh.exit-with-parent", defaultValue = "false") boolean exitWithParent) {
        if (exitWithParent) {
            ServiceExit.withParent("the gateway", Quarkus::asyncExit);
        }
    }
}
