package io.meshwork.core.rules;

import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A subscription's filter: a CEL expression over {@code message} (the event) and {@code now},
 * type-checked against one Avro schema when compiled. Immutable and safe to share between threads.
 */
public final class EventFilter {

    private final String expression;
    private final CelRuntime.Program program;
    private final ExpressionShape shape;

    private EventFilter(String expression, CelRuntime.Program program, ExpressionShape shape) {
        this.expression = expression;
        this.program = program;
        this.shape = shape;
    }

    /** The compiled filter, or why the expression does not compile against the schema. */
    public record Result(Optional<EventFilter> filter, String problem) {

        public boolean ok() {
            return filter.isPresent();
        }
    }

    /** Whether an event matches, or why it could not be evaluated on it. */
    public record Match(boolean matches, Optional<String> error) {
    }

    /**
     * Compiles a boolean CEL expression against the events of a schema; refuses one that is too long
     * or may cost too much per event (see {@link ExpressionShape}).
     */
    public static Result compile(Schema schema, String expression) {
        Optional<String> tooLong = ExpressionShape.tooLong(expression);
        if (tooLong.isPresent()) {
            return new Result(Optional.empty(), tooLong.get());
        }
        CelValidationResult result = QualityRules.compiler(schema).compile(expression, "filter");
        if (result.hasError()) {
            return new Result(Optional.empty(), result.getErrorString());
        }
        try {
            ExpressionShape shape = ExpressionShape.of(result.getAst());
            Optional<String> tooCostly = shape.tooCostly();
            if (tooCostly.isPresent()) {
                return new Result(Optional.empty(), tooCostly.get());
            }
            return new Result(Optional.of(new EventFilter(expression, QualityRules.runtime().createProgram(result.getAst()),
                    shape)), "");
        } catch (CelValidationException | CelEvaluationException e) {
            return new Result(Optional.empty(), e.getMessage());
        }
    }

    /** Evaluates the filter; an event it cannot be evaluated on does not match. */
    public Match test(IndexedRecord event, Instant now) {
        try {
            Object result = program.eval(Map.of("message", AvroCelValues.record(event), "now", now));
            return new Match(Boolean.TRUE.equals(result), Optional.empty());
        } catch (CelEvaluationException e) {
            return new Match(false, Optional.of(e.getMessage()));
        }
    }

    public String expression() {
        return expression;
    }

    /** The dotted paths of the event the filter reads ({@code ""} for the whole event). */
    public Set<String> reads() {
        return shape.messagePaths();
    }
}
