package com.iamonboarding.alias;

import com.amazonaws.services.lambda.runtime.Context;
import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.model.AliasResult;
import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.seal.SealedStepHandler;

/** Step 1: the account alias that gives new hires a readable sign-in URL. */
public class EnsureAccountAliasHandler extends SealedStepHandler<OnboardingState, AliasResult> {

    private static final Log LOG = Log.forFunction("EnsureAccountAlias");

    private final AccountAliasService aliases;
    private final String accountAlias;

    public EnsureAccountAliasHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    public EnsureAccountAliasHandler(FunctionEnvironment env) {
        this(new AccountAliasService(AwsClients.iam(env)), env.require("ACCOUNT_ALIAS"),
                InputSeal.fromEnvironment(env, AwsClients.kms(env)),
                StatusTable.fromEnvironment(env, AwsClients.dynamoDb(env), Log.forFunction("EnsureAccountAlias")));
    }

    public EnsureAccountAliasHandler(AccountAliasService aliases, String accountAlias, InputSeal seal, StatusTable status) {
        super(OnboardingState.class, OnboardingState.WORKFLOW, "EnsureAccountAlias", seal, status);
        this.aliases = aliases;
        this.accountAlias = accountAlias;
    }

    @Override
    protected AliasResult step(OnboardingState state, Context context) {
        AliasResult result = aliases.ensure(accountAlias);
        LOG.info(state.onboardingId, "account alias ensured", "accountAlias", result.accountAlias, "created", result.created);
        return result;
    }
}
