package com.iamonboarding.secrets;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.secretsmanager.model.PublicPolicyException;
import software.amazon.awssdk.services.secretsmanager.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Writes a generated credential into Secrets Manager under {@code iam-onboarding/<userName>/<kind>},
 * encrypted with the project's KMS key and tagged with the onboarding id and any extra tags. Only the
 * secret's ARN is returned; the value never leaves this class.
 *
 * <p>Write-only: the functions may not read secret values (no {@code secretsmanager:GetSecretValue};
 * only the hire and the operators may), so this class has no way to read one. What a retry needs to
 * know about a stored secret (for example the access key id, which is not secret) goes into its tags,
 * read back with {@link SecretLookup}.
 *
 * <p>Idempotency: a secret that this onboarding already wrote gets the new value and then the given
 * extra tags (a retry made a new credential; TagResource replaces tags with the same key). A secret
 * left scheduled for deletion by an earlier rollback or offboarding of the same user name is
 * <em>restored</em> and overwritten the same way, rather than force-deleted: restoring keeps the
 * secret's history in CloudTrail and never needs the destructive force-delete permission. A live
 * secret that belongs to another onboarding is a conflict, never taken over.
 *
 * <p>Access: the secret's resource policy ({@link SecretAccessPolicy}, put with
 * {@code BlockPublicPolicy}) is in place <em>before</em> any value is written. CreateSecret cannot
 * carry a policy, so a new secret is created without a value, gets its policy, and only then the
 * value ({@code PutSecretValue}); a crash in between leaves an empty secret, never a readable
 * credential under no policy. An existing secret gets the policy again before its new value too.
 * PutResourcePolicy replaces the whole policy, so applying it again is harmless and brings an older
 * secret to the current readers. The callers make the credential usable only after {@link #put}.
 */
public class SecretStore {

    public static final String PREFIX = "iam-onboarding/";

    private final SecretsManagerClient secrets;
    private final SecretLookup lookup;
    private final String kmsKeyId;

    public SecretStore(SecretsManagerClient secrets, String kmsKeyId) {
        if (kmsKeyId == null || kmsKeyId.isBlank()) {
            throw new IllegalArgumentException("every secret is encrypted with the project key: kmsKeyId is required");
        }
        this.secrets = secrets;
        this.lookup = new SecretLookup(secrets);
        this.kmsKeyId = kmsKeyId;
    }

    public static String secretName(String userName, String kind) {
        return PREFIX + userName + "/" + kind;
    }

    /** Stores {@code value}, readable only as {@code access} says, and returns the secret's ARN. */
    public String put(String name, String value, String onboardingId, Map<String, String> extraTags,
                      SecretAccessPolicy access) {
        if (access == null) {
            throw new IllegalArgumentException("every secret needs its access policy");
        }
        // Only the ownership tags: the extra tags describe the value, which is not there yet.
        List<Tag> tags = tags(onboardingId, Map.of());
        CreateSecretResponse created;
        try {
            created = secrets.createSecret(b -> b.name(name)
                    .kmsKeyId(kmsKeyId)
                    .description("Created by iam-onboarding for onboarding " + onboardingId)
                    .tags(tags));
        } catch (ResourceExistsException exists) {
            return overwriteOwn(name, value, onboardingId, extraTags, access);
        } catch (InvalidRequestException scheduledForDeletion) {
            return restoreAndOverwrite(name, value, onboardingId, extraTags, access);
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:CreateSecret " + name, e);
        }
        restrictAccess(name, access);
        putValueThenTags(name, value, extraTags);
        return created.arn();
    }

    /**
     * Puts the secret's resource policy, replacing any earlier one. {@code BlockPublicPolicy} makes
     * Secrets Manager refuse a policy that grants broad access, as a second check on
     * {@link SecretAccessPolicy}.
     */
    public void restrictAccess(String name, SecretAccessPolicy access) {
        try {
            secrets.putResourcePolicy(PutResourcePolicyRequest.builder()
                    .secretId(name)
                    .resourcePolicy(access.toJson())
                    .blockPublicPolicy(true)
                    .build());
        } catch (MalformedPolicyDocumentException e) {
            // Secrets Manager refuses a principal it cannot resolve yet: a user created seconds ago
            // (IAM is eventually consistent), or an operators' role that does not exist.
            throw new RetryableStepException("secretsmanager:PutResourcePolicy " + name
                    + " failed: MalformedPolicyDocumentException (a reader " + access.readers()
                    + " is not visible to Secrets Manager yet, or does not exist)");
        } catch (PublicPolicyException e) {
            throw new PermanentStepException("secretsmanager:PutResourcePolicy " + name
                    + " failed: PublicPolicyException (the policy would grant broad access; it was not applied)");
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:PutResourcePolicy " + name, e);
        }
    }

    private String overwriteOwn(String name, String value, String onboardingId, Map<String, String> extraTags,
                                SecretAccessPolicy access) {
        DescribeSecretResponse existing = lookup.describe(name)
                .orElseThrow(() -> new PermanentStepException("secret " + name + " vanished while being written"));
        if (existing.deletedDate() != null) {
            // Secrets Manager answers InvalidRequest for a name scheduled for deletion, but an emulator (and
            // a race with a deletion) can answer ResourceExists: what counts is the secret's actual state.
            return restoreAndOverwrite(name, value, onboardingId, extraTags, access);
        }
        if (!onboardingId.equals(SecretLookup.tag(existing, OnboardingTags.ONBOARDING_ID).orElse(null))) {
            throw new PermanentStepException("secret " + name
                    + " already exists and was not created by onboarding " + onboardingId + "; it is left untouched");
        }
        restrictAccess(name, access);
        putValueThenTags(name, value, extraTags);
        return existing.arn();
    }

    private String restoreAndOverwrite(String name, String value, String onboardingId, Map<String, String> extraTags,
                                       SecretAccessPolicy access) {
        DescribeSecretResponse existing = lookup.describe(name)
                .orElseThrow(() -> new PermanentStepException("secret " + name + " cannot be created"));
        if (existing.deletedDate() == null) {
            throw new PermanentStepException("secret " + name + " cannot be created");
        }
        if (!OnboardingTags.MANAGED_BY_VALUE.equals(SecretLookup.tag(existing, OnboardingTags.MANAGED_BY).orElse(null))) {
            throw new PermanentStepException("secret " + name
                    + " is scheduled for deletion and was not created by iam-onboarding; it is left untouched");
        }
        try {
            secrets.restoreSecret(b -> b.secretId(name));
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:RestoreSecret " + name, e);
        }
        // Claim it first, so a failure below leaves a secret this onboarding's retry may overwrite.
        applyTags(name, tags(onboardingId, Map.of()));
        // The restored secret still has the policy of whoever wrote it before.
        restrictAccess(name, access);
        putValueThenTags(name, value, extraTags);
        return existing.arn();
    }

    /**
     * The extra tags describe the value (e.g. which access key it holds), so they are applied only
     * once the value is written: a failure in between never leaves a tag naming a value not stored.
     */
    private void putValueThenTags(String name, String value, Map<String, String> extraTags) {
        try {
            secrets.putSecretValue(b -> b.secretId(name).secretString(value));
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:PutSecretValue " + name, e);
        }
        if (!extraTags.isEmpty()) {
            applyTags(name, toTags(extraTags));
        }
    }

    private void applyTags(String name, List<Tag> tags) {
        try {
            secrets.tagResource(b -> b.secretId(name).tags(tags));
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:TagResource " + name, e);
        }
    }

    private static List<Tag> tags(String onboardingId, Map<String, String> extraTags) {
        List<Tag> tags = new ArrayList<>();
        tags.add(Tag.builder().key(OnboardingTags.ONBOARDING_ID).value(onboardingId).build());
        tags.add(Tag.builder().key(OnboardingTags.MANAGED_BY).value(OnboardingTags.MANAGED_BY_VALUE).build());
        tags.addAll(toTags(extraTags));
        return tags;
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
        return list;
    }
}
