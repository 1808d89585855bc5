package io.meshwork.core.contract;

import io.meshwork.core.contract.odcs.OdcsDocument.Quality;
import io.meshwork.core.contract.odcs.OdcsDocument.SchemaObject;
import io.meshwork.core.rules.QualityRule;
import io.meshwork.core.rules.QualityRules;
import io.meshwork.core.rules.RuleProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** The event's quality rules ({@code schema[0].quality}): CEL expressions, compiled against its schema. */
final class QualitySection {

    private static final String QUALITY = EventSchemaSection.SCHEMA + "/quality";

    /** @param compiled null when the schema is missing */
    record Rules(List<QualityRule> rules, QualityRules compiled) {
    }

    private QualitySection() {
    }

    static Rules read(SchemaObject event, Schema avro, Findings findings) {
        List<QualityRule> rules = new ArrayList<>();
        Map<String, Integer> indexByName = new HashMap<>();
        List<Quality> quality = event == null ? List.of() : event.quality();
        for (int i = 0; i < quality.size(); i++) {
            Quality rule = quality.get(i);
            String at = QUALITY + "/" + i;
            if (rule == null) {
                continue;
            }
            if (rule.engine() != null && !"cel".equals(rule.engine())) {
                findings.at(at + "/engine", "engine '" + rule.engine() + "' is not supported; rules are CEL: engine: cel");
            }
            if (rule.type() != null && !"custom".equals(rule.type())) {
                findings.at(at + "/type", "type '" + rule.type() + "' is not supported; CEL rules are type: custom");
            }
            if (rule.name() == null || rule.name().isBlank()) {
                findings.at(at + "/name", "required, but missing");
                continue;
            }
            if (rule.implementation() == null || !rule.implementation().isTextual()
                    || rule.implementation().asText().isBlank()) {
                findings.at(at + "/implementation", rule.implementation() == null ? "required, but missing"
                        : "must be a CEL expression");
                continue;
            }
            if (indexByName.putIfAbsent(rule.name(), i) != null) {
                findings.at(at + "/name", "rule name '" + rule.name() + "' is used twice; names must be unique");
                continue;
            }
            rules.add(new QualityRule(rule.name(), rule.implementation().asText(),
                    rule.description() == null ? "" : rule.description()));
        }
        if (avro == null) {
            return new Rules(rules, null);
        }
        QualityRules.Result result = QualityRules.compile(avro, rules);
        for (RuleProblem problem : result.problems()) {
            Integer index = indexByName.get(problem.rule());
            findings.at(index == null ? QUALITY : QUALITY + "/" + index + "/implementation", "rule '" + problem.rule()
                    + "' does not compile against " + avro.getName() + ": " + problem.message().replace('\n', ' '));
        }
        return new Rules(rules, result.rules());
    }
}
