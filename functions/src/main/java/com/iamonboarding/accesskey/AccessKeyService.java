package com.iamonboarding.accesskey;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.Log;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.AccessKeyResult;
import com.iamonboarding.secrets.SecretAccessPolicy;
import com.iamonboarding.secrets.SecretLookup;
import com.iamonboarding.secrets.SecretStore;
import com.iamonboarding.user.OnboardedUsers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * Gives a user one access key whose pair lives only in Secrets Manager
 * ({@code iam-onboarding/<userName>/access-key}). The secret access key exists in this class just long
 * enough to be stored; only the key id and the secret's ARN leave it.
 *
 * <p>Idempotency (a user may hold two keys, and a secret access key can never be read again):
 * <ul>
 *   <li>a stored secret of this onboarding whose {@code AccessKeyId} tag names one of the user's keys
 *       (the tag is set only once the value is written) means the step already
 *       succeeded: that key is the result, no new key is made;</li>
 *   <li>every other key of the user has no stored secret, so nobody can ever use it: it is an orphan of
 *       an attempt that was lost between CreateAccessKey and the secret. Orphans are deleted (the user
 *       is known to be this onboarding's), so a retry never hits the two-key limit;</li>
 *   <li>if storing a new key's secret fails, the key is deleted at once: no key without its secret.</li>
 * </ul>
 *
 * <p>The secret is readable by the hire only with MFA, and by the operators' role if configured
 * ({@link SecretAccessPolicy#accessKey}). The policy is applied again when the step finds its key
 * already stored, so a secret whose policy failed after the value was written is never left open.
 */
public class AccessKeyService {

    public static final String SECRET_KIND = "access-key";
    /** Tag on the secret naming the key it holds: the function cannot read the value back (no GetSecretValue). */
    public static final String ACCESS_KEY_ID_TAG = "AccessKeyId";

    private static final Log LOG = Log.forFunction("CreateAccessKey");

    private final IamClient iam;
    private final SecretStore secrets;
    private final SecretLookup lookup;
    private final OnboardedUsers users;
    private final Optional<String> operatorsRoleArn;

    /** {@code operatorsRoleArn}: the role that may read the secret besides the hire, or empty. */
    public AccessKeyService(IamClient iam, SecretStore secrets, SecretLookup lookup, OnboardedUsers users,
                            Optional<String> operatorsRoleArn) {
        this.iam = iam;
        this.secrets = secrets;
        this.lookup = lookup;
        this.users = users;
        this.operatorsRoleArn = SecretAccessPolicy.operatorsRole(operatorsRoleArn);
    }

    /**
     * The user is checked first ({@link OnboardedUsers}): only this onboarding's user gets a key, and
     * the one principal the secret names as its reader is that user's ARN as IAM reports it.
     */
    public AccessKeyResult ensureAccessKey(String onboardingId, String userName) {
        SecretAccessPolicy access = accessFor(userName, users.requireOwn(onboardingId, userName).arn());
        String secretName = SecretStore.secretName(userName, SECRET_KIND);
        List<String> keyIds = listKeyIds(userName);
        Optional<AccessKeyResult> stored = storedKey(secretName, onboardingId)
                .filter(key -> keyIds.contains(key.accessKeyId));

        List<String> orphans = new ArrayList<>(keyIds);
        stored.ifPresent(key -> orphans.remove(key.accessKeyId));
        orphans.forEach(keyId -> deleteOrphan(userName, keyId, onboardingId));
        if (stored.isPresent()) {
            secrets.restrictAccess(secretName, access);
            LOG.info(onboardingId, "access key already stored", "accessKeyId", stored.get().accessKeyId,
                    "secretArn", stored.get().secretArn);
            return stored.get();
        }

        AccessKey key = create(userName);
        AccessKeyResult result = new AccessKeyResult();
        result.accessKeyId = key.accessKeyId();
        try {
            result.secretArn = secrets.put(secretName, secretValue(key), onboardingId,
                    Map.of(ACCESS_KEY_ID_TAG, key.accessKeyId()), access);
        } catch (RuntimeException e) {
            deleteUnstoredKey(userName, key.accessKeyId(), onboardingId, e);
            throw e;
        }
        LOG.info(onboardingId, "access key created and stored", "accessKeyId", result.accessKeyId,
                "secretArn", result.secretArn);
        return result;
    }

    /** Checked before any key exists: the ARN must be this user's, or the wrong person could read the key. */
    private SecretAccessPolicy accessFor(String userName, String userArn) {
        if (userArn == null || !userArn.endsWith("/" + userName)) {
            throw new PermanentStepException("CreateAccessKey: user ARN " + userArn
                    + " is not the ARN of user " + userName);
        }
        try {
            return SecretAccessPolicy.accessKey(userArn, operatorsRoleArn);
        } catch (IllegalArgumentException e) {
            throw new PermanentStepException("CreateAccessKey: " + e.getMessage());
        }
    }

    private List<String> listKeyIds(String userName) {
        List<String> ids = new ArrayList<>();
        String marker = null;
        do {
            ListAccessKeysResponse page;
            try {
                page = iam.listAccessKeys(ListAccessKeysRequest.builder().userName(userName).marker(marker).build());
            } catch (NoSuchEntityException e) {
                throw userNotVisibleYet("iam:ListAccessKeys", userName);
            } catch (SdkException e) {
                throw AwsErrors.classify("iam:ListAccessKeys " + userName, e);
            }
            page.accessKeyMetadata().stream().map(AccessKeyMetadata::accessKeyId).forEach(ids::add);
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        return ids;
    }

    /** The key id and ARN of a live secret this onboarding stored, or empty when there is none. */
    private Optional<AccessKeyResult> storedKey(String secretName, String onboardingId) {
        Optional<DescribeSecretResponse> secret = lookup.describe(secretName)
                .filter(s -> s.deletedDate() == null);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (!onboardingId.equals(SecretLookup.tag(secret.get(), OnboardingTags.ONBOARDING_ID).orElse(null))) {
            // Fail before making a key that could not be stored anyway.
            throw new PermanentStepException("secret " + secretName
                    + " already exists and was not created by onboarding " + onboardingId + "; it is left untouched");
        }
        return SecretLookup.tag(secret.get(), ACCESS_KEY_ID_TAG).map(keyId -> {
            AccessKeyResult result = new AccessKeyResult();
            result.accessKeyId = keyId;
            result.secretArn = secret.get().arn();
            return result;
        });
    }

    private void deleteOrphan(String userName, String keyId, String onboardingId) {
        delete(userName, keyId);
        LOG.warn(onboardingId, "deleted an access key whose secret was never stored", "accessKeyId", keyId);
    }

    private AccessKey create(String userName) {
        try {
            return iam.createAccessKey(CreateAccessKeyRequest.builder().userName(userName).build()).accessKey();
        } catch (NoSuchEntityException e) {
            throw userNotVisibleYet("iam:CreateAccessKey", userName);
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:CreateAccessKey " + userName, e);
        }
    }

    private void deleteUnstoredKey(String userName, String keyId, String onboardingId, RuntimeException storeFailure) {
        try {
            delete(userName, keyId);
            LOG.warn(onboardingId, "deleted the new access key because its secret could not be stored",
                    "accessKeyId", keyId);
        } catch (RuntimeException deleteFailure) {
            // The next attempt finds this key without a secret and deletes it as an orphan.
            storeFailure.addSuppressed(deleteFailure);
            LOG.warn(onboardingId, "the new access key could not be deleted after its secret failed",
                    "accessKeyId", keyId, "error", deleteFailure.getMessage());
        }
    }

    private void delete(String userName, String keyId) {
        try {
            iam.deleteAccessKey(DeleteAccessKeyRequest.builder().userName(userName).accessKeyId(keyId).build());
        } catch (NoSuchEntityException alreadyGone) {
            // The end state we want.
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:DeleteAccessKey " + keyId, e);
        }
    }

    private static String secretValue(AccessKey key) {
        Map<String, String> value = new LinkedHashMap<>();
        value.put("AccessKeyId", key.accessKeyId());
        value.put("SecretAccessKey", key.secretAccessKey());
        return Json.write(value);
    }

    private static RetryableStepException userNotVisibleYet(String action, String userName) {
        return new RetryableStepException(action + " " + userName
                + " failed: NoSuchEntity (the user was just created; IAM is eventually consistent)");
    }
}
