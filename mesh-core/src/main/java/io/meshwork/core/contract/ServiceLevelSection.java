package io.meshwork.core.contract;

import io.meshwork.core.contract.odcs.OdcsDocument;
import io.meshwork.core.contract.odcs.OdcsDocument.SlaProperty;
import java.time.Duration;
import java.util.Optional;

/** The promises of {@code slaProperties} that Meshwork keeps: {@code freshness} and the lake's {@code retention}. */
final class ServiceLevelSection {

    private ServiceLevelSection() {
    }

    static Optional<Duration> duration(OdcsDocument doc, String property, Findings findings) {
        for (int i = 0; i < doc.slaProperties().size(); i++) {
            SlaProperty sla = doc.slaProperties().get(i);
            if (sla != null && property.equals(sla.property())) {
                String at = "/slaProperties/" + i + "/value";
                if (sla.value() == null || sla.value().isNull()) {
                    findings.at(at, "required, but missing");
                    return Optional.empty();
                }
                return Durations.read(sla.value(), at, findings);
            }
        }
        return Optional.empty();
    }
}
