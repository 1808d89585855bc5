package io.meshwork.gateway.lifecycle;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * With {@code mesh.exit-with-parent=true} (as {@code mesh dev} starts the gateway), shuts the
 * gateway down when the process that started it ends, however it ends.
 */
public class ParentProcessWatch {

    private static final Logger LOG = Logger.getLogger(ParentProcessWatch.class);

    void onStart(@Observes StartupEvent event,
                 @ConfigProperty(name = "mesh.exit-with-parent", defaultValue = "false") boolean exitWithParent) {
        if (exitWithParent) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
                LOG.info("The process that started the gateway has ended; shutting down");
                Quarkus.asyncExit();
            }));
        }
    }
}
