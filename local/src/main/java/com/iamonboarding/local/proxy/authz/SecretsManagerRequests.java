package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets Manager's JSON calls, on the secret's ARN. A secret with a customer managed key makes
 * Secrets Manager call KMS with the caller's permissions: kms:GenerateDataKey to store a value,
 * kms:Decrypt to read one, with {@code kms:EncryptionContext:SecretARN}. CreateSecret with tags is
 * also secretsmanager:TagResource.
 */
final class SecretsManagerRequests implements ServiceRequests {

    /**
     * A secret that does not exist yet is authorised on the ARN it will get: its name, a hyphen and
     * six characters AWS picks at random. Policies match them with {@code -*} or {@code -??????}.
     */
    static final String NEW_SECRET_SUFFIX = "-000000";

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        if (request.action().equals("CreateSecret")) {
            return createSecret(request, scope);
        }
        if (request.action().equals("ListSecrets")) {
            // No resource type: the list is filtered by nothing IAM evaluates.
            return List.of(scope.authorize("secretsmanager:ListSecrets", "*").build());
        }
        Secret secret = secret(request, scope);
        AuthorizationBuilder call = scope.authorize("secretsmanager:" + request.action(), secret.arn)
                .withTags("aws:ResourceTag/", secret.tags)
                .withTags("secretsmanager:ResourceTag/", secret.tags)
                .with("secretsmanager:SecretId", secret.arn);
        return switch (request.action()) {
            case "DescribeSecret", "RestoreSecret", "GetResourcePolicy", "DeleteResourcePolicy" -> List.of(call.build());
            case "TagResource" -> List.of(call.withRequestTags(Params.jsonTags(request, "Tags")).build());
            case "PutResourcePolicy" -> List.of(call.with("secretsmanager:BlockPublicPolicy", Params.text(request, "BlockPublicPolicy")).build());
            case "DeleteSecret" -> List.of(call
                    .with("secretsmanager:RecoveryWindowInDays", Params.text(request, "RecoveryWindowInDays"))
                    .with("secretsmanager:ForceDeleteWithoutRecovery", Params.text(request, "ForceDeleteWithoutRecovery"))
                    .build());
            case "PutSecretValue" -> withKms(call.build(), secret, "kms:GenerateDataKey", scope);
            case "GetSecretValue" -> withKms(call
                    .with("secretsmanager:VersionId", Params.text(request, "VersionId"))
                    .with("secretsmanager:VersionStage", Params.text(request, "VersionStage"))
                    .build(), secret, "kms:Decrypt", scope);
            default -> throw ServiceRequests.unknown(request);
        };
    }

    private static List<Authorization> createSecret(RecordedRequest request, Scope scope) {
        String name = Params.required(request, "Name");
        String arn = scope.facts().secret(name).map(ResourceFacts.SecretFacts::arn)
                .orElse(Arns.regional("secretsmanager", "secret:" + name + NEW_SECRET_SUFFIX));
        Optional<String> keyId = Params.text(request, "KmsKeyId");
        Optional<String> keyArn = keyId.filter(id -> !KmsKeys.awsManaged(id)).map(id -> KmsKeys.arn(id, scope));
        List<String> replicaRegions = Params.objects(request.parameters().get("AddReplicaRegions")).stream()
                .map(replica -> String.valueOf(replica.get("Region"))).toList();
        List<Authorization> authorizations = new ArrayList<>(scope.createTagged("secretsmanager:CreateSecret",
                "secretsmanager:TagResource", arn, Params.jsonTags(request, "Tags"), create -> create
                        .with("secretsmanager:Name", name)
                        .with("secretsmanager:Description", Params.text(request, "Description"))
                        .with("secretsmanager:KmsKeyId", keyId)
                        .with("secretsmanager:KmsKeyArn", keyArn)
                        .withAll("secretsmanager:AddReplicaRegions", replicaRegions)
                        .with("secretsmanager:ForceOverwriteReplicaSecret",
                                Params.text(request, "ForceOverwriteReplicaSecret"))));
        boolean storesValue = Params.has(request, "SecretString") || Params.has(request, "SecretBinary");
        if (storesValue && keyArn.isPresent()) {
            authorizations.add(kms(scope, "kms:GenerateDataKey", keyArn.get(), arn));
        }
        return authorizations;
    }

    private static List<Authorization> withKms(Authorization call, Secret secret, String kmsAction, Scope scope) {
        return secret.keyArn.map(key -> List.of(call, kms(scope, kmsAction, key, secret.arn))).orElse(List.of(call));
    }

    private static Authorization kms(Scope scope, String action, String keyArn, String secretArn) {
        return scope.kmsOnBehalf("secretsmanager", action, keyArn)
                .with("kms:EncryptionContext:SecretARN", secretArn)
                .build();
    }

    private static Secret secret(RecordedRequest request, Scope scope) {
        String id = Params.required(request, "SecretId");
        Optional<ResourceFacts.SecretFacts> known = scope.facts().secret(id);
        if (known.isEmpty()) {
            String arn = Arns.isArn(id) ? id : Arns.regional("secretsmanager", "secret:" + id + NEW_SECRET_SUFFIX);
            return new Secret(arn, Map.of(), Optional.empty());
        }
        ResourceFacts.SecretFacts facts = known.get();
        Optional<String> keyArn = facts.kmsKeyId().filter(key -> !KmsKeys.awsManaged(key)).map(key -> KmsKeys.arn(key, scope));
        return new Secret(facts.arn(), facts.tags(), keyArn);
    }

    private record Secret(String arn, Map<String, String> tags, Optional<String> keyArn) {
    }
}
