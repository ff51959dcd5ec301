package com.iamonboarding.secrets;

import com.iamonboarding.common.AwsErrors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The read side of the project's secrets: what {@code DescribeSecret} tells about one (its ARN,
 * tags, versions, whether it is scheduled for deletion). Never the value: the functions have no
 * {@code GetSecretValue}. {@link SecretStore} writes; rollback, offboarding and the steps' retries
 * look things up here.
 */
public class SecretLookup {

    static final String CURRENT_STAGE = "AWSCURRENT";

    private final SecretsManagerClient secrets;

    public SecretLookup(SecretsManagerClient secrets) {
        this.secrets = secrets;
    }

    /** The ARN and tags of a live or deleted secret, or empty when it does not exist. */
    public Optional<DescribeSecretResponse> describe(String name) {
        try {
            return Optional.of(secrets.describeSecret(DescribeSecretRequest.builder().secretId(name).build()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.classify("secretsmanager:DescribeSecret " + name, e);
        }
    }

    public static Optional<String> tag(DescribeSecretResponse secret, String key) {
        return secret.tags().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
    }

    /** The version staged AWSCURRENT: the value a reader gets. Empty for a secret created without a value yet. */
    public static Optional<String> currentVersion(DescribeSecretResponse secret) {
        for (Map.Entry<String, List<String>> version : secret.versionIdsToStages().entrySet()) {
            if (version.getValue().contains(CURRENT_STAGE)) {
                return Optional.of(version.getKey());
            }
        }
        return Optional.empty();
    }
}
