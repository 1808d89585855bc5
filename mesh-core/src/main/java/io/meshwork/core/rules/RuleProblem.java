package io.meshwork.core.rules;

/**
 * A rule that does not compile against the schema.
 *
 * @param rule the rule's name
 * @param message what the CEL compiler says, with the column, e.g. {@code undefined field 'totl'}
 */
public record RuleProblem(String rule, String message) {
}
