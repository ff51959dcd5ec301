package com.iamonboarding.loginprofile;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.secrets.SecretLookup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest;

/**
 * Remembers on the password secret that IAM accepted its current value as the login profile's
 * password: the tag {@value #TAG} = {@code <onboardingId>:<versionId>} of the secret version staged
 * {@code AWSCURRENT}, written only after CreateLoginProfile/UpdateLoginProfile succeeded.
 *
 * <p>Why: the step cannot read the password back (no GetSecretValue) nor the login profile
 * (no GetLoginProfile), so without this a repeated delivery of a step that already succeeded would
 * generate a new password and reset the login profile to it: a change, and, if two deliveries
 * overlap, a login profile whose password is not the stored one. A new value is a new version, so a
 * marker never vouches for a password it did not see set; it names its onboarding, so the marker of
 * an earlier onboarding of the same user name (on a secret restored from deletion) vouches for nothing.
 */
public class PasswordSetMarker {

    static final String TAG = "ConsolePasswordSet";

    private final SecretsManagerClient secrets;
    private final SecretLookup lookup;

    public PasswordSetMarker(SecretsManagerClient secrets) {
        this.secrets = secrets;
        this.lookup = new SecretLookup(secrets);
    }

    /** The secret's ARN when this onboarding already set the login profile to the secret's current value. */
    Optional<String> passwordAlreadySet(String secretName, String onboardingId) {
        Optional<DescribeSecretResponse> secret = lookup.describe(secretName).filter(s -> s.deletedDate() == null);
        if (secret.isEmpty() || !onboardingId.equals(SecretLookup.tag(secret.get(), OnboardingTags.ONBOARDING_ID).orElse(null))) {
            return Optional.empty();
        }
        Optional<String> current = SecretLookup.currentVersion(secret.get());
        boolean vouched = current.isPresent() && SecretLookup.tag(secret.get(), TAG).equals(Optional.of(value(onboardingId, current.get())));
        return vouched ? Optional.of(secret.get().arn()) : Optional.empty();
    }

    /** Records that the login profile now has the secret's current value; call only after IAM accepted it. */
    void markPasswordSet(String secretName, String onboardingId) {
        // Either is a race with another writer: the next attempt sets a new password and marks it.
        DescribeSecretResponse secret = lookup.describe(secretName).orElseThrow(() -> new RetryableStepException(
                "secret " + secretName + " vanished right after it was written"));
        String version = SecretLookup.currentVersion(secret).orElseThrow(() -> new RetryableStepException(
                "secret " + secretName + " has no AWSCURRENT version right after it was written"));
        try {
            secrets.tagResource(TagResourceRequest.builder().secretId(secretName)
                    .tags(Tag.builder().key(TAG).value(value(onboardingId, version)).build()).build());
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:TagResource " + secretName, e);
        }
    }

    private static String value(String onboardingId, String versionId) {
        return onboardingId + ":" + versionId;
    }
}
