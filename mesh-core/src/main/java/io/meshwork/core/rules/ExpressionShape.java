package io.meshwork.core.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a checked CEL expression reads of {@code message} and how much work it may be, found from its
 * syntax tree before it ever runs: the dotted paths it selects (so that an expression over personal
 * data can be refused), and an estimate of the steps it takes per event (so that an expression of any
 * cost cannot be). The estimate counts each node once and multiplies the body of a comprehension by
 * the size of what it iterates: a list or map written in the expression by its length, anything else
 * (a list in the event) by {@value #ASSUMED_COLLECTION_SIZE}.
 */
public final class ExpressionShape {

    /** The longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 8192;
    /** The most steps an expression may be estimated to take per event. */
    public static final long MAX_COST = 100_000;
    /** How many elements the estimate assumes of a collection that comes from the event. */
    public static final int ASSUMED_COLLECTION_SIZE = 100;
    /** The most comprehension iterations one evaluation may run, whatever the estimate said. */
    public static final int MAX_ITERATIONS = 100_000;

    private static final String MESSAGE = "message";

    private final Set<String> messagePaths;
    private final long cost;

    private ExpressionShape(Set<String> messagePaths, long cost) {
        this.messagePaths = Set.copyOf(messagePaths);
        this.cost = cost;
    }

    static ExpressionShape of(CelAbstractSyntaxTree ast) {
        Set<String> paths = new TreeSet<>();
        collect(ast.getExpr(), false, paths);
        return new ExpressionShape(paths, cost(ast.getExpr()));
    }

    /**
     * The dotted paths of {@code message} the expression reads: {@code price.total}, or {@code ""}
     * where it takes the whole event (or indexes it by a computed name).
     */
    public Set<String> messagePaths() {
        return messagePaths;
    }

    /** The estimated steps per event. */
    public long cost() {
        return cost;
    }

    /** Why the expression costs too much to run on every event, or empty when it does not. */
    Optional<String> tooCostly() {
        return cost > MAX_COST ? Optional.of("the expression may take about " + cost + " steps per event, more than the "
                + MAX_COST + " allowed (a comprehension over an event's list counts " + ASSUMED_COLLECTION_SIZE
                + " elements; nested ones multiply)") : Optional.empty();
    }

    /** Why the expression is too long to compile, or empty when it is not. */
    static Optional<String> tooLong(String expression) {
        return expression.length() > MAX_LENGTH ? Optional.of("the expression has " + expression.length()
                + " characters, more than the " + MAX_LENGTH + " allowed") : Optional.empty();
    }

    /** The path a chain of field selections on {@code message} reads, or empty when the expression is no such chain. */
    private static Optional<String> pathOf(CelExpr expr) {
        return switch (expr.getKind()) {
            case IDENT -> MESSAGE.equals(expr.ident().name()) ? Optional.of("") : Optional.empty();
            case SELECT -> pathOf(expr.select().operand()).map(p -> p.isEmpty() ? expr.select().field()
                    : p + "." + expr.select().field());
            default -> Optional.empty();
        };
    }

    private static void collect(CelExpr expr, boolean selectedFurther, Set<String> paths) {
        Optional<String> path = pathOf(expr);
        if (path.isPresent()) {
            if (!selectedFurther) {
                paths.add(path.get());
            }
            if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT) {
                collect(expr.select().operand(), true, paths);
            }
            return;
        }
        for (CelExpr child : children(expr)) {
            collect(child, false, paths);
        }
    }

    private static long cost(CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
            CelExpr.CelComprehension loop = expr.comprehension();
            long iterations = switch (loop.iterRange().getKind()) {
                case LIST -> loop.iterRange().list().elements().size();
                case MAP -> loop.iterRange().map().entries().size();
                default -> ASSUMED_COLLECTION_SIZE;
            };
            return saturated(1 + cost(loop.iterRange()) + cost(loop.accuInit()) + cost(loop.result()),
                    multiplied(iterations, cost(loop.loopCondition()) + cost(loop.loopStep())));
        }
        long total = 1;
        for (CelExpr child : children(expr)) {
            total = saturated(total, cost(child));
        }
        return total;
    }

    private static List<CelExpr> children(CelExpr expr) {
        List<CelExpr> children = new ArrayList<>();
        switch (expr.getKind()) {
            case SELECT -> children.add(expr.select().operand());
            case CALL -> {
                expr.call().target().ifPresent(children::add);
                children.addAll(expr.call().args());
            }
            case LIST -> children.addAll(expr.list().elements());
            case STRUCT -> expr.struct().entries().forEach(e -> children.add(e.value()));
            case MAP -> expr.map().entries().forEach(e -> {
                children.add(e.key());
                children.add(e.value());
            });
            case COMPREHENSION -> {
                CelExpr.CelComprehension loop = expr.comprehension();
                children.addAll(List.of(loop.iterRange(), loop.accuInit(), loop.loopCondition(), loop.loopStep(),
                        loop.result()));
            }
            default -> {
            }
        }
        return children;
    }

    private static long saturated(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long multiplied(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
