package com.iamonboarding.local.support;

import com.iamonboarding.local.template.PseudoParameters;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The operators' role of the shared stack ({@code OperatorsRoleArn}): in an account it is the
 * deployer's, with the permissions they give it. Here it gets the least a deployer must add to what
 * the stack's own policies grant it: reading the generated secrets and the QR codes. The secrets'
 * policies, the key policy and the bucket policy do the rest, and keep everyone else out.
 */
public final class OperatorsRole {

    public static final String PATH = "/platform/";
    public static final String NAME = "iam-onboarding-operators";
    public static final String ARN = "arn:aws:iam::" + PseudoParameters.ACCOUNT_ID + ":role" + PATH + NAME;

    private OperatorsRole() {
    }

    static void create(IamClient iam, String qrCodeBucket) {
        iam.createRole(b -> b.path(PATH).roleName(NAME).assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                 "Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""".formatted(PseudoParameters.ACCOUNT_ID)));
        iam.putRolePolicy(b -> b.roleName(NAME).policyName("hand-over-credentials").policyDocument("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":"secretsmanager:GetSecretValue",
                  "Resource":"arn:aws:secretsmanager:%s:%s:secret:iam-onboarding/*"},
                 {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/mfa/*"}]}"""
                .formatted(PseudoParameters.REGION, PseudoParameters.ACCOUNT_ID, qrCodeBucket)));
    }
}
