package com.iamonboarding.local.proxy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Whether a request concerns one onboarding: whether its path (an S3 key such as
 * {@code /bucket/mfa/<user>/<id>.png}) or any of its parameter values (a user name, a secret name
 * {@code iam-onboarding/<user>/access-key}, an MFA serial {@code ...:mfa/<user>}, an event's detail)
 * mentions a given text as a whole name. "Whole" means not next to a character that IAM allows in
 * a name, so the scope {@code e2e-a-1} does not match the user {@code e2e-a-12}; a scope that ends in
 * a separator, such as the key prefix {@code mfa/e2e-a-1/}, matches whatever follows it.
 */
final class RequestScope {

    private RequestScope() {
    }

    static boolean mentions(RecordedRequest request, String scope) {
        return mentionsIn(URLDecoder.decode(request.path().replace("+", "%2B"), StandardCharsets.UTF_8), scope)
                || mentionsIn(request.parameters(), scope);
    }

    private static boolean mentionsIn(Object value, String scope) {
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(v -> mentionsIn(v, scope));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().anyMatch(v -> mentionsIn(v, scope));
        }
        return value != null && mentionsIn(String.valueOf(value), scope);
    }

    static boolean mentionsIn(String text, String scope) {
        int from = 0;
        while (true) {
            int at = text.indexOf(scope, from);
            if (at < 0) {
                return false;
            }
            int end = at + scope.length();
            boolean wholeStart = at == 0 || !isNameCharacter(scope.charAt(0)) || !isNameCharacter(text.charAt(at - 1));
            boolean wholeEnd = end == text.length() || !isNameCharacter(scope.charAt(scope.length() - 1))
                    || !isNameCharacter(text.charAt(end));
            if (wholeStart && wholeEnd) {
                return true;
            }
            from = at + 1;
        }
    }

    /** The characters of IAM names ({@code [\w+=,.@-]}). */
    private static boolean isNameCharacter(char c) {
        return Character.isLetterOrDigit(c) || "_+=,.@-".indexOf(c) >= 0;
    }
}
