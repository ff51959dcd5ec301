package com.iamonboarding.alias;

import com.iamonboarding.common.AwsErrors;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.model.AliasResult;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;

/**
 * Makes sure the account has the configured alias. An account has at most one alias and
 * CreateAccountAlias silently <em>replaces</em> it, so an account that already has another alias is a
 * clear failure: changing the sign-in URL of every existing user is an administrator's decision.
 */
public class AccountAliasService {

    private final IamClient iam;

    public AccountAliasService(IamClient iam) {
        this.iam = iam;
    }

    public AliasResult ensure(String desiredAlias) {
        List<String> current = currentAliases();
        AliasResult result = new AliasResult();
        result.accountAlias = desiredAlias;
        result.signInUrl = signInUrl(desiredAlias);
        if (current.contains(desiredAlias)) {
            return result;
        }
        if (!current.isEmpty()) {
            throw new PermanentStepException("the account already has the alias '" + current.get(0)
                    + "' but iam-onboarding is configured with '" + desiredAlias
                    + "'; it never replaces an alias: change the AccountAlias parameter or the account's alias");
        }
        try {
            iam.createAccountAlias(b -> b.accountAlias(desiredAlias));
            result.created = true;
            return result;
        } catch (EntityAlreadyExistsException e) {
            // Either a concurrent onboarding created it a moment ago, or another AWS account owns it.
            if (currentAliases().contains(desiredAlias)) {
                return result;
            }
            throw new PermanentStepException("the account alias '" + desiredAlias
                    + "' is already taken by another AWS account; aliases are unique across AWS");
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:CreateAccountAlias", e);
        }
    }

    public static String signInUrl(String alias) {
        return "https://" + alias + ".signin.aws.amazon.com/console";
    }

    private List<String> currentAliases() {
        try {
            return iam.listAccountAliases().accountAliases();
        } catch (SdkException e) {
            throw AwsErrors.classify("iam:ListAccountAliases", e);
        }
    }
}
