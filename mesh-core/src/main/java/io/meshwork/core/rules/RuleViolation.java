package io.meshwork.core.rules;

/**
 * An event that broke a rule: the rule was false, or could not be evaluated on this event.
 *
 * @param rule the rule's name
 * @param expression the rule's CEL expression
 * @param message why, in words, e.g. {@code rule positive-total is false: message.total > 0}
 */
public record RuleViolation(String rule, String expression, String message) {
}
