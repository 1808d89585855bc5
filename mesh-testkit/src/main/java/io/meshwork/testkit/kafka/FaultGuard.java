package io.meshwork.testkit.kafka;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces Kafka's exit and halt procedures so that a fault in an in-process broker throws in the
 * broker's thread instead of ending the JVM that hosts the tests. The procedures are global, so
 * faults are recorded for every broker in the JVM.
 */
final class FaultGuard {

    private static final Logger LOG = LoggerFactory.getLogger(FaultGuard.class);
    private static final List<BrokerFaultException> FAULTS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private FaultGuard() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((status, message) -> fault("exit", status, message));
        Exit.setHaltProcedure((status, message) -> fault("halt", status, message));
        installed = true;
    }

    static List<BrokerFaultException> faults() {
        return List.copyOf(FAULTS);
    }

    private static void fault(String kind, int status, String message) {
        BrokerFaultException fault = new BrokerFaultException(kind, status, message);
        FAULTS.add(fault);
        LOG.error("{}; the JVM stays up", fault.getMessage());
        throw fault;
    }
}
