package com.iamonboarding.local.template;

/** An {@code Api} event of a function: {@code method} (upper case, or ANY) on a path template such as /onboardings/{id}. */
public record ApiRoute(String method, String path, String functionLogicalId) {
}
