package io.meshwork.core.contract;

import io.meshwork.core.contract.odcs.OdcsDocument;
import io.meshwork.core.contract.odcs.OdcsSchema;
import io.meshwork.core.naming.ProductName;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a contract is and whose: its standard, topic, version, status, team and description. */
final class IdentitySection {

    private static final Pattern SEMVER = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
            + "(-[0-9A-Za-z.-]+)?");

    /** @param name null when the domain, event or version is wrong */
    record Identity(ProductName name, String version, ContractStatus status, String team, String description) {
    }

    private IdentitySection() {
    }

    static Identity read(OdcsDocument doc, Findings findings) {
        if (doc.apiVersion() == null) {
            findings.at("/apiVersion", "required, but missing; use " + OdcsSchema.API_VERSION);
        } else if (!OdcsSchema.API_VERSION.equals(doc.apiVersion())) {
            findings.at("/apiVersion", "apiVersion '" + doc.apiVersion() + "' is not supported; use "
                    + OdcsSchema.API_VERSION + " (ODCS " + OdcsSchema.API_VERSION + ")");
        }
        if (!"DataContract".equals(doc.kind())) {
            findings.at("/kind", doc.kind() == null ? "required, but missing; kind: DataContract"
                    : "kind must be DataContract");
        }
        if (doc.id() == null) {
            findings.at("/id", "required, but missing");
        }
        if (doc.version() == null) {
            findings.at("/version", "required, but missing");
        }
        if (doc.status() == null) {
            findings.at("/status", "required, but missing");
        }
        String domain = name(doc.domain(), "domain", findings);
        String event = name(doc.dataProduct(), "dataProduct", findings);
        Integer major = major(doc.version(), findings);
        ProductName name = domain != null && event != null && major != null ? new ProductName(domain, event, major) : null;
        if (name != null && doc.id() != null && !name.topic().equals(doc.id())) {
            findings.at("/id", "id '" + doc.id() + "' must be the topic " + name.topic()
                    + " (<domain>.<dataProduct>.v<major of version>)");
        }
        ContractStatus status = Optional.ofNullable(doc.status()).flatMap(s -> {
            Optional<ContractStatus> known = ContractStatus.of(s);
            if (known.isEmpty()) {
                findings.at("/status", "status '" + s + "' is not one of draft, active, deprecated, retired");
            }
            return known;
        }).orElse(null);
        String team = null;
        if (doc.team() == null) {
            findings.at("/team", "missing; name the owning team as team: {name: <team>}");
        } else if (doc.team().name() == null || doc.team().name().isBlank()) {
            findings.at("/team/name", "required, but missing");
        } else {
            team = doc.team().name();
        }
        String description = doc.description() == null || doc.description().purpose() == null ? ""
                : doc.description().purpose();
        return new Identity(name, doc.version(), status, team, description);
    }

    private static String name(String value, String key, Findings findings) {
        if (value == null || value.isBlank()) {
            findings.at("/" + key, "required, but missing");
            return null;
        }
        Optional<String> problem = ProductName.checkName(key, value);
        problem.ifPresent(p -> findings.at("/" + key, p));
        return problem.isEmpty() ? value : null;
    }

    private static Integer major(String version, Findings findings) {
        if (version == null) {
            return null;
        }
        Matcher m = SEMVER.matcher(version);
        if (!m.matches()) {
            findings.at("/version", "version '" + version + "' is not a semantic version like 1.0.0");
            return null;
        }
        int major = Integer.parseInt(m.group(1));
        if (major < 1) {
            findings.at("/version", "major version must be 1 or more: a data product starts at 1.0.0");
            return null;
        }
        return major;
    }
}
