package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.List;

/** KMS calls the functions make themselves (the HMAC seal of an execution input), on the key's ARN. */
final class KmsRequests implements ServiceRequests {

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        return switch (request.action()) {
            case "GenerateMac", "VerifyMac" -> {
                String keyId = Params.required(request, "KeyId");
                yield List.of(scope.authorize("kms:" + request.action(), KmsKeys.arn(keyId, scope))
                        .with("kms:MacAlgorithm", Params.text(request, "MacAlgorithm"))
                        .with("kms:CallerAccount", scope.caller().account())
                        .with("kms:RequestAlias", KmsKeys.alias(keyId))
                        .build());
            }
            default -> throw ServiceRequests.unknown(request);
        };
    }
}
