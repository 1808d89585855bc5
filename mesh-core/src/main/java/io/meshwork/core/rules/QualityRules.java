package io.meshwork.core.rules;

import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A contract's quality rules compiled once against its Avro schema, ready to evaluate on every
 * event. Immutable and safe to share between threads.
 */
public final class QualityRules {

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .maxExpressionCodePointSize(ExpressionShape.MAX_LENGTH)
            .comprehensionMaxIterations(ExpressionShape.MAX_ITERATIONS)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .build();

    private record Compiled(QualityRule rule, CelRuntime.Program program) {
    }

    private final Schema schema;
    private final List<Compiled> rules;

    private QualityRules(Schema schema, List<Compiled> rules) {
        this.schema = schema;
        this.rules = List.copyOf(rules);
    }

    /**
     * Compiles every rule against the schema; a rule must be a boolean expression over
     * {@code message} (the event) and {@code now} (a timestamp).
     */
    public static Result compile(Schema schema, List<QualityRule> rules) {
        CelCompiler compiler = compiler(schema);
        List<Compiled> compiled = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        for (QualityRule rule : rules) {
            Optional<String> tooLong = ExpressionShape.tooLong(rule.expression());
            if (tooLong.isPresent()) {
                problems.add(new RuleProblem(rule.name(), tooLong.get()));
                continue;
            }
            CelValidationResult result = compiler.compile(rule.expression(), rule.name());
            if (result.hasError()) {
                problems.add(new RuleProblem(rule.name(), result.getErrorString()));
                continue;
            }
            try {
                Optional<String> tooCostly = ExpressionShape.of(result.getAst()).tooCostly();
                if (tooCostly.isPresent()) {
                    problems.add(new RuleProblem(rule.name(), tooCostly.get()));
                    continue;
                }
                compiled.add(new Compiled(rule, RUNTIME.createProgram(result.getAst())));
            } catch (CelValidationException | CelEvaluationException e) {
                problems.add(new RuleProblem(rule.name(), e.getMessage()));
            }
        }
        return problems.isEmpty()
                ? new Result(new QualityRules(schema, compiled), List.of())
                : new Result(null, problems);
    }

    /** A compiler of boolean expressions over {@code message} (an event of the schema) and {@code now}. */
    static CelCompiler compiler(Schema schema) {
        AvroCelTypes types = new AvroCelTypes(schema);
        return CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setTypeProvider(types)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("message", types.root())
                .addVar("now", SimpleType.TIMESTAMP)
                .setResultType(SimpleType.BOOL)
                .build();
    }

    static CelRuntime runtime() {
        return RUNTIME;
    }

    /** The compiled rules, or the problems that kept them from compiling. */
    public record Result(QualityRules rules, List<RuleProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** The rules' names, in contract order. */
    public List<String> names() {
        return rules.stream().map(c -> c.rule().name()).toList();
    }

    /** Every rule the event breaks, in contract order; empty when it honours them all. */
    public List<RuleViolation> evaluate(IndexedRecord event, Instant now) {
        if (!event.getSchema().getFullName().equals(schema.getFullName())) {
            throw new IllegalArgumentException("rules are for " + schema.getFullName() + ", the event is "
                    + event.getSchema().getFullName());
        }
        Map<String, Object> variables = Map.of("message", AvroCelValues.record(event), "now", now);
        List<RuleViolation> violations = new ArrayList<>();
        for (Compiled compiled : rules) {
            QualityRule rule = compiled.rule();
            try {
                if (!Boolean.TRUE.equals(compiled.program().eval(variables))) {
                    violations.add(new RuleViolation(rule.name(), rule.expression(),
                            "rule " + rule.name() + " is false: " + rule.expression()));
                }
            } catch (CelEvaluationException e) {
                violations.add(new RuleViolation(rule.name(), rule.expression(),
                        "rule " + rule.name() + " cannot be evaluated on this event: " + e.getMessage()));
            }
        }
        return violations;
    }
}
