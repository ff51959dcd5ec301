package com.iamonboarding.secrets;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.PermanentStepException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Writes a generated credential into Secrets Manager under {@code iam-onboarding/<userName>/<kind>},
 * encrypted with the project's KMS key and tagged with the onboarding id. Only the secret's ARN is
 * returned; the value never leaves this class.
 *
 * <p>Idempotency: a secret that this onboarding already wrote gets the new value (a retry made a new
 * credential). A secret left scheduled for deletion by an earlier rollback or offboarding of the same
 * user name is <em>restored</em> and overwritten, rather than force-deleted: restoring keeps the
 * secret's history in CloudTrail and never needs the destructive force-delete permission. A live
 * secret that belongs to another onboarding is a conflict, never taken over.
 */
public class SecretStore {

    public static final String PREFIX = "iam-onboarding/";

    private final SecretsManagerClient secrets;
    private final String kmsKeyId;

    public SecretStore(SecretsManagerClient secrets, String kmsKeyId) {
        this.secrets = secrets;
        this.kmsKeyId = kmsKeyId;
    }

    public static String secretName(String userName, String kind) {
        return PREFIX + userName + "/" + kind;
    }

    /** Stores {@code value} and returns the secret's ARN. */
    public String put(String name, String value, String onboardingId, Map<String, String> extraTags) {
        List<Tag> tags = tags(onboardingId, extraTags);
        try {
            CreateSecretResponse created = secrets.createSecret(b -> b.name(name)
                    .kmsKeyId(kmsKeyId)
                    .description("Created by iam-onboarding for onboarding " + onboardingId)
                    .secretString(value)
                    .tags(tags));
            return created.arn();
        } catch (ResourceExistsException exists) {
            return overwriteOwn(name, value, onboardingId);
        } catch (InvalidRequestException scheduledForDeletion) {
            return restoreAndOverwrite(name, value, onboardingId, tags);
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:CreateSecret " + name, e);
        }
    }

    /** The value of a secret this project wrote, or empty when there is none. */
    public Optional<String> read(String name) {
        try {
            return Optional.ofNullable(secrets.getSecretValue(b -> b.secretId(name)).secretString());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (InvalidRequestException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:GetSecretValue " + name, e);
        }
    }

    /** The ARN and tags of a live or deleted secret, or empty when it does not exist. */
    public Optional<DescribeSecretResponse> describe(String name) {
        try {
            return Optional.of(secrets.describeSecret(b -> b.secretId(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:DescribeSecret " + name, e);
        }
    }

    public static Optional<String> tag(DescribeSecretResponse secret, String key) {
        return secret.tags().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
    }

    private String overwriteOwn(String name, String value, String onboardingId) {
        DescribeSecretResponse existing = describe(name)
                .orElseThrow(() -> new PermanentStepException("secret " + name + " vanished while being written"));
        if (!onboardingId.equals(tag(existing, OnboardingTags.ONBOARDING_ID).orElse(null))) {
            throw new PermanentStepException("secret " + name
                    + " already exists and was not created by onboarding " + onboardingId + "; it is left untouched");
        }
        putValue(name, value);
        return existing.arn();
    }

    private String restoreAndOverwrite(String name, String value, String onboardingId, List<Tag> tags) {
        DescribeSecretResponse existing = describe(name)
                .orElseThrow(() -> new PermanentStepException("secret " + name + " cannot be created"));
        if (existing.deletedDate() == null) {
            throw new PermanentStepException("secret " + name + " cannot be created");
        }
        if (!OnboardingTags.MANAGED_BY_VALUE.equals(tag(existing, OnboardingTags.MANAGED_BY).orElse(null))) {
            throw new PermanentStepException("secret " + name
                    + " is scheduled for deletion and was not created by iam-onboarding; it is left untouched");
        }
        try {
            secrets.restoreSecret(b -> b.secretId(name));
            secrets.tagResource(b -> b.secretId(name).tags(tags));
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:RestoreSecret " + name, e);
        }
        putValue(name, value);
        return existing.arn();
    }

    private void putValue(String name, String value) {
        try {
            secrets.putSecretValue(b -> b.secretId(name).secretString(value));
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:PutSecretValue " + name, e);
        }
    }

    private static List<Tag> tags(String onboardingId, Map<String, String> extraTags) {
        List<Tag> tags = new java.util.ArrayList<>();
        tags.add(Tag.builder().key(OnboardingTags.ONBOARDING_ID).value(onboardingId).build());
        tags.add(Tag.builder().key(OnboardingTags.MANAGED_BY).value(OnboardingTags.MANAGED_BY_VALUE).build());
        extraTags.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        return tags;
    }
}
