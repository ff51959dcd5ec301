package com.iamonboarding.api;

/**
 * One reason a request was refused. {@code field} names where (for example {@code userName} or
 * {@code tags.cost-center}), {@code rule} names the JSON Schema keyword or our own check that failed,
 * {@code message} explains the rule. None of them repeats the submitted value.
 */
public record Violation(String field, String rule, String message) {
}
