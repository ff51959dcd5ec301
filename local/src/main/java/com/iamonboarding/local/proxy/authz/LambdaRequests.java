package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda Invoke, as lambda:InvokeFunction on the function's ARN, qualified when the call names a
 * version or alias. The local Lambda endpoint records invocations as {@code Invoke} with the
 * FunctionName from the path; a raw request arrives as {@code POST /2015-03-31/functions/…/invocations}.
 */
final class LambdaRequests implements ServiceRequests {

    private static final Pattern INVOKE_PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        String function;
        Matcher invoke = INVOKE_PATH.matcher(request.path());
        if (request.action().equals("Invoke")) {
            function = Params.required(request, "FunctionName");
        } else if (request.method().equals("POST") && invoke.matches()) {
            function = URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8);
        } else {
            throw ServiceRequests.unknown(request);
        }
        return List.of(scope.authorize("lambda:InvokeFunction", functionArn(function, Params.text(request, "Qualifier"))).build());
    }

    /** A function name, {@code name:qualifier}, partial ARN ({@code account:function:name}) or ARN, as an ARN. */
    static String functionArn(String function, Optional<String> qualifier) {
        String arn;
        if (Arns.isArn(function)) {
            arn = function;
        } else if (function.contains(":function:")) {
            String[] accountAndRest = function.split(":", 2);
            arn = Arns.regional("lambda", accountAndRest[0], accountAndRest[1]);
        } else {
            arn = Arns.regional("lambda", "function:" + function);
        }
        boolean qualified = arn.split(":").length > 7;
        return qualifier.isPresent() && !qualified ? arn + ":" + qualifier.get() : arn;
    }
}
