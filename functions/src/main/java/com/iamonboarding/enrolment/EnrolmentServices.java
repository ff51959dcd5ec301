package com.iamonboarding.enrolment;

import com.iamonboarding.common.AwsClients;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Log;
import com.iamonboarding.mfa.QrCodeRenderer;
import com.iamonboarding.status.StatusTable;
import com.iamonboarding.user.CreateUserHandler;
import com.iamonboarding.user.OnboardedUsers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;

/** The EnrolmentService both public handlers build from their environment, once per function instance. */
final class EnrolmentServices {

    private EnrolmentServices() {
    }

    static EnrolmentService fromEnvironment(FunctionEnvironment env, Log log) {
        DynamoDbClient dynamoDb = AwsClients.dynamoDb(env);
        IamClient iam = AwsClients.iam(env);
        return new EnrolmentService(InvitationStore.fromEnvironment(env, dynamoDb), iam, AwsClients.stepFunctions(env),
                new OnboardedUsers(iam, env.get("USER_PATH", CreateUserHandler.DEFAULT_USER_PATH)),
                StatusTable.fromEnvironment(env, dynamoDb, log), new QrCodeRenderer(), env.require("ACCOUNT_ALIAS"));
    }
}
