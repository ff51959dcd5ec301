package com.iamonboarding.api;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * Compiles the schema's {@code pattern}s with java.util.regex, but gives {@code $} its ECMA-262
 * meaning (JSON Schema patterns are ECMA-262 regexes, and API Gateway evaluates them that way).
 *
 * <p>Why: the validator's default JDK engine lets {@code $} also match before a final line
 * terminator, so {@code ^[A-Za-z0-9]+$} would accept {@code "alice\n"}. Here every {@code $} outside
 * a character class becomes {@code \z} (the very end of the input). {@code ^} already means the
 * start of the input in both dialects.
 */
public final class EcmaAnchoredRegularExpressionFactory implements RegularExpressionFactory {

    public static final EcmaAnchoredRegularExpressionFactory INSTANCE = new EcmaAnchoredRegularExpressionFactory();

    private EcmaAnchoredRegularExpressionFactory() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(toJava(regex));
        return value -> pattern.matcher(value).find();
    }

    public static String toJava(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 8);
        int classDepth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (c == '[') {
                classDepth++;
                out.append(c);
            } else if (c == ']' && classDepth > 0) {
                classDepth--;
                out.append(c);
            } else if (c == '$' && classDepth == 0) {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
