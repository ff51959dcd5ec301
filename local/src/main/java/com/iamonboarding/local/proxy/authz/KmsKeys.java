package com.iamonboarding.local.proxy.authz;

import java.util.Optional;

/** KMS key ids as requests name them (key id, key ARN, alias name, alias ARN), turned into the key ARN IAM authorises. */
final class KmsKeys {

    private KmsKeys() {
    }

    /**
     * An AWS managed key ({@code alias/aws/secretsmanager}, {@code alias/aws/s3}): its key policy
     * lets every principal of the account use it through the service, so no caller permission is
     * checked and no authorisation is mapped.
     */
    static boolean awsManaged(String keyId) {
        return keyId.startsWith("alias/aws/") || keyId.contains(":alias/aws/");
    }

    static String arn(String keyId, Scope scope) {
        if (Arns.isArn(keyId) && keyId.contains(":key/")) {
            return keyId;
        }
        Optional<String> resolved = scope.facts().kmsKeyArn(keyId);
        if (resolved.isPresent()) {
            return resolved.get();
        }
        if (alias(keyId).isPresent()) {
            throw new CannotMap("no KMS key has the alias " + keyId);
        }
        return Arns.regional("kms", "key/" + keyId);
    }

    /** The alias name ({@code alias/x}) when the key is named by an alias. */
    static Optional<String> alias(String keyId) {
        if (keyId.startsWith("alias/")) {
            return Optional.of(keyId);
        }
        int at = keyId.indexOf(":alias/");
        return at < 0 ? Optional.empty() : Optional.of(keyId.substring(at + 1));
    }
}
