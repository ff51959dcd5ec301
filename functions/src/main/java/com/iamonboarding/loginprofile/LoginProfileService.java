package com.iamonboarding.loginprofile;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.Json;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.common.RetryableStepException;
import com.iamonboarding.model.LoginProfileResult;
import com.iamonboarding.secrets.SecretAccessPolicy;
import com.iamonboarding.secrets.SecretStore;
import com.iamonboarding.user.OnboardedUsers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.UpdateLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PasswordPolicyViolationException;

/**
 * Gives the user console access. The password is stored in Secrets Manager <em>before</em> IAM sets
 * it, so there is never a login profile whose password nobody can retrieve; a retry after a failure
 * generates a new password, stores it, and resets the existing login profile to it. Once IAM has
 * accepted the stored password, the secret is marked ({@link PasswordSetMarker}), and a repeated
 * delivery of the step changes nothing. The secret is readable by the operators' role only
 * ({@link SecretAccessPolicy#consolePassword}).
 */
public class LoginProfileService {

    public static final String SECRET_KIND = "console-password";

    private final IamClient iam;
    private final SecretStore secrets;
    private final PasswordGenerator generator;
    private final SecretAccessPolicy passwordAccess;
    private final PasswordSetMarker marker;
    private final OnboardedUsers users;

    public LoginProfileService(IamClient iam, SecretStore secrets, PasswordGenerator generator,
                               SecretAccessPolicy passwordAccess, PasswordSetMarker marker, OnboardedUsers users) {
        this.iam = iam;
        this.users = users;
        this.secrets = secrets;
        this.generator = generator;
        this.passwordAccess = passwordAccess;
        this.marker = marker;
    }

    public LoginProfileResult createLoginProfile(String onboardingId, String userName, String signInUrl) {
        users.requireOwn(onboardingId, userName);
        String secretName = SecretStore.secretName(userName, SECRET_KIND);
        Optional<String> alreadySet = marker.passwordAlreadySet(secretName, onboardingId);
        if (alreadySet.isPresent()) {
            return result(alreadySet.get());
        }
        String password = generator.generate(currentPolicy());
        Map<String, String> value = new LinkedHashMap<>();
        value.put("userName", userName);
        value.put("password", password);
        if (signInUrl != null) {
            value.put("signInUrl", signInUrl);
        }
        String secretArn = secrets.put(secretName, Json.write(value), onboardingId, Map.of("UserName", userName), passwordAccess);
        setPassword(userName, password);
        marker.markPasswordSet(secretName, onboardingId);
        return result(secretArn);
    }

    private static LoginProfileResult result(String secretArn) {
        LoginProfileResult result = new LoginProfileResult();
        result.secretArn = secretArn;
        return result;
    }

    PasswordPolicy currentPolicy() {
        return PasswordPolicy.current(iam);
    }

    private void setPassword(String userName, String password) {
        try {
            iam.createLoginProfile(CreateLoginProfileRequest.builder()
                    .userName(userName).password(password).passwordResetRequired(true).build());
        } catch (EntityAlreadyExistsException retry) {
            try {
                iam.updateLoginProfile(UpdateLoginProfileRequest.builder()
                        .userName(userName).password(password).passwordResetRequired(true).build());
            } catch (SdkException e) {
                throw AwsErrors.classify("iam:UpdateLoginProfile " + userName, e);
            }
        } catch (PasswordPolicyViolationException e) {
            // Never include the SDK message: it may describe the password.
            throw new PermanentStepException("iam:CreateLoginProfile " + userName
                    + " rejected the generated password under the account's password policy");
        } catch (NoSuchEntityException e) {
            throw new RetryableStepException("iam:CreateLoginProfile " + userName
                    + ": the user is not visible yet (IAM is eventually consistent)");
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:CreateLoginProfile " + userName, e);
        }
    }
}
