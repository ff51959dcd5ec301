package com.iamonboarding.local.template;

import java.util.List;

/** The values CloudFormation's pseudo parameters take in the local stack (the account is moto's default account). */
public final class PseudoParameters {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String STACK_NAME = "iam-onboarding-local";
    public static final String PARTITION = "aws";
    public static final String URL_SUFFIX = "amazonaws.com";

    private PseudoParameters() {
    }

    /** The value of pseudo parameter {@code name}, or null when it is not one. */
    public static Object value(String name) {
        return switch (name) {
            case "AWS::Region" -> REGION;
            case "AWS::AccountId" -> ACCOUNT_ID;
            case "AWS::StackName" -> STACK_NAME;
            case "AWS::Partition" -> PARTITION;
            case "AWS::URLSuffix" -> URL_SUFFIX;
            case "AWS::StackId" -> "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT_ID + ":stack/" + STACK_NAME + "/local";
            case "AWS::NotificationARNs" -> List.of();
            default -> null;
        };
    }
}
