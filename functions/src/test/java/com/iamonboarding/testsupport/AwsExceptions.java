package com.iamonboarding.testsupport;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** Real SDK exception objects, as the IAM client throws them, for thenThrow(...). */
public final class AwsExceptions {

    private AwsExceptions() {
    }

    public static EntityAlreadyExistsException entityAlreadyExists() {
        return (EntityAlreadyExistsException) EntityAlreadyExistsException.builder()
                .statusCode(409).message("exists")
                .awsErrorDetails(details("EntityAlreadyExists", 409)).build();
    }

    public static NoSuchEntityException noSuchEntity() {
        return (NoSuchEntityException) NoSuchEntityException.builder()
                .statusCode(404).message("not found")
                .awsErrorDetails(details("NoSuchEntity", 404)).build();
    }

    public static AwsServiceException iamError(String code, int status) {
        return IamException.builder().statusCode(status).message(code)
                .awsErrorDetails(details(code, status)).build();
    }

    public static AwsServiceException throttling() {
        return iamError("Throttling", 400);
    }

    private static AwsErrorDetails details(String code, int status) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(code).serviceName("IAM").build();
    }
}
