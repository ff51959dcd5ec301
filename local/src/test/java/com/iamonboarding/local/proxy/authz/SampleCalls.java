package com.iamonboarding.local.proxy.authz;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * One real SDK call for every action the mapping covers, in the shape the functions make it, and
 * the emulator's state they run against ({@link #facts()}). The mapping tests assert what each
 * becomes; {@code IamEvaluatorIT} has every one of them evaluated.
 */
final class SampleCalls {

    static final String USER = "jane.doe";
    static final String BOUNDARY = "arn:aws:iam::123456789012:policy/iam-onboarding/HireBoundary";
    static final String DIRECT_POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    static final String GROUP = "developers";
    static final String MFA_SERIAL = "arn:aws:iam::123456789012:mfa/staff/jane.doe";
    static final String SECRET_NAME = "iam-onboarding/ob-1/access-key";
    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-onboarding/ob-1/access-key-AbCdEf";
    static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String KEY_ALIAS = "alias/iam-onboarding";
    static final String BUCKET = "iam-onboarding-qr";
    static final String OBJECT_KEY = "mfa/jane.doe/qr code.png";
    static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:OnboardingStateMachine";
    static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:OnboardingStateMachine:ob-1";
    static final String TABLE = "iam-onboarding-status";
    static final String FUNCTION = "iam-onboarding-CreateUserFunction";

    record SampleCall(String name, Consumer<SdkCapture> call) {

        @Override
        public String toString() {
            return name;
        }
    }

    private SampleCalls() {
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static SampleCall call(String name, Consumer<SdkCapture> call) {
        return new SampleCall(name, call);
    }

    // IAM
    static final SampleCall LIST_ACCOUNT_ALIASES = call("iam:ListAccountAliases", c -> c.iam.listAccountAliases());
    static final SampleCall CREATE_ACCOUNT_ALIAS = call("iam:CreateAccountAlias",
            c -> c.iam.createAccountAlias(b -> b.accountAlias("iam-onboarding-local")));
    static final SampleCall CREATE_USER = call("iam:CreateUser", c -> c.iam.createUser(b -> b.userName(USER).path("/staff/")
            .permissionsBoundary(BOUNDARY).tags(tag("ManagedBy", "iam-onboarding"), tag("OnboardingId", "ob-1"))));
    static final SampleCall CREATE_USER_UNTAGGED = call("iam:CreateUser (no tags)",
            c -> c.iam.createUser(b -> b.userName(USER).path("/staff/")));
    static final SampleCall GET_USER = call("iam:GetUser", c -> c.iam.getUser(b -> b.userName(USER)));
    static final SampleCall LIST_USER_TAGS = call("iam:ListUserTags", c -> c.iam.listUserTags(b -> b.userName(USER)));
    static final SampleCall TAG_USER = call("iam:TagUser",
            c -> c.iam.tagUser(b -> b.userName(USER).tags(tag("OffboardedAt", "2025-01-02T03:04:05Z"))));
    static final SampleCall GET_ACCOUNT_PASSWORD_POLICY = call("iam:GetAccountPasswordPolicy", c -> c.iam.getAccountPasswordPolicy());
    static final SampleCall CREATE_LOGIN_PROFILE = call("iam:CreateLoginProfile",
            c -> c.iam.createLoginProfile(b -> b.userName(USER).password("not-a-real-password").passwordResetRequired(true)));
    static final SampleCall UPDATE_LOGIN_PROFILE = call("iam:UpdateLoginProfile",
            c -> c.iam.updateLoginProfile(b -> b.userName(USER).password("not-a-real-password").passwordResetRequired(true)));
    static final SampleCall GET_LOGIN_PROFILE = call("iam:GetLoginProfile", c -> c.iam.getLoginProfile(b -> b.userName(USER)));
    static final SampleCall DELETE_LOGIN_PROFILE = call("iam:DeleteLoginProfile", c -> c.iam.deleteLoginProfile(b -> b.userName(USER)));
    static final SampleCall ADD_USER_TO_GROUP = call("iam:AddUserToGroup",
            c -> c.iam.addUserToGroup(b -> b.groupName(GROUP).userName(USER)));
    static final SampleCall GET_GROUP = call("iam:GetGroup", c -> c.iam.getGroup(b -> b.groupName(GROUP)));
    static final SampleCall ATTACH_USER_POLICY = call("iam:AttachUserPolicy",
            c -> c.iam.attachUserPolicy(b -> b.userName(USER).policyArn(DIRECT_POLICY)));
    static final SampleCall GET_POLICY = call("iam:GetPolicy", c -> c.iam.getPolicy(b -> b.policyArn(DIRECT_POLICY)));
    static final SampleCall CREATE_VIRTUAL_MFA_DEVICE = call("iam:CreateVirtualMFADevice",
            c -> c.iam.createVirtualMFADevice(b -> b.virtualMFADeviceName(USER).path("/staff/")
                    .tags(tag("ManagedBy", "iam-onboarding"))));
    static final SampleCall DELETE_VIRTUAL_MFA_DEVICE = call("iam:DeleteVirtualMFADevice",
            c -> c.iam.deleteVirtualMFADevice(b -> b.serialNumber(MFA_SERIAL)));
    static final SampleCall LIST_VIRTUAL_MFA_DEVICES = call("iam:ListVirtualMFADevices", c -> c.iam.listVirtualMFADevices());
    static final SampleCall ENABLE_MFA_DEVICE = call("iam:EnableMFADevice", c -> c.iam.enableMFADevice(b -> b.userName(USER)
            .serialNumber(MFA_SERIAL).authenticationCode1("123456").authenticationCode2("654321")));
    static final SampleCall DEACTIVATE_MFA_DEVICE = call("iam:DeactivateMFADevice",
            c -> c.iam.deactivateMFADevice(b -> b.userName(USER).serialNumber(MFA_SERIAL)));
    static final SampleCall LIST_MFA_DEVICES = call("iam:ListMFADevices", c -> c.iam.listMFADevices(b -> b.userName(USER)));
    static final SampleCall CREATE_ACCESS_KEY = call("iam:CreateAccessKey", c -> c.iam.createAccessKey(b -> b.userName(USER)));
    static final SampleCall DELETE_ACCESS_KEY = call("iam:DeleteAccessKey",
            c -> c.iam.deleteAccessKey(b -> b.userName(USER).accessKeyId("AKIA-EXAMPLE-KEY-ID")));
    static final SampleCall LIST_ACCESS_KEYS = call("iam:ListAccessKeys", c -> c.iam.listAccessKeys(b -> b.userName(USER)));
    static final SampleCall UPDATE_ACCESS_KEY = call("iam:UpdateAccessKey",
            c -> c.iam.updateAccessKey(b -> b.userName(USER).accessKeyId("AKIA-EXAMPLE-KEY-ID").status(StatusType.INACTIVE)));
    static final SampleCall LIST_SIGNING_CERTIFICATES = call("iam:ListSigningCertificates",
            c -> c.iam.listSigningCertificates(b -> b.userName(USER)));
    static final SampleCall UPDATE_SIGNING_CERTIFICATE = call("iam:UpdateSigningCertificate",
            c -> c.iam.updateSigningCertificate(b -> b.userName(USER).certificateId("EXAMPLECERTIFICATEID0000").status(StatusType.INACTIVE)));
    static final SampleCall DELETE_SIGNING_CERTIFICATE = call("iam:DeleteSigningCertificate",
            c -> c.iam.deleteSigningCertificate(b -> b.userName(USER).certificateId("EXAMPLECERTIFICATEID0000")));
    static final SampleCall LIST_SSH_PUBLIC_KEYS = call("iam:ListSSHPublicKeys", c -> c.iam.listSSHPublicKeys(b -> b.userName(USER)));
    static final SampleCall UPDATE_SSH_PUBLIC_KEY = call("iam:UpdateSSHPublicKey",
            c -> c.iam.updateSSHPublicKey(b -> b.userName(USER).sshPublicKeyId("APKAEXAMPLESSHKEY000").status(StatusType.INACTIVE)));
    static final SampleCall DELETE_SSH_PUBLIC_KEY = call("iam:DeleteSSHPublicKey",
            c -> c.iam.deleteSSHPublicKey(b -> b.userName(USER).sshPublicKeyId("APKAEXAMPLESSHKEY000")));
    static final SampleCall LIST_SERVICE_SPECIFIC_CREDENTIALS = call("iam:ListServiceSpecificCredentials",
            c -> c.iam.listServiceSpecificCredentials(b -> b.userName(USER)));
    static final SampleCall UPDATE_SERVICE_SPECIFIC_CREDENTIAL = call("iam:UpdateServiceSpecificCredential",
            c -> c.iam.updateServiceSpecificCredential(b -> b.userName(USER).serviceSpecificCredentialId("ACCAEXAMPLECREDENTIAL")
                    .status(StatusType.INACTIVE)));
    static final SampleCall DELETE_SERVICE_SPECIFIC_CREDENTIAL = call("iam:DeleteServiceSpecificCredential",
            c -> c.iam.deleteServiceSpecificCredential(b -> b.userName(USER).serviceSpecificCredentialId("ACCAEXAMPLECREDENTIAL")));
    static final SampleCall LIST_USER_POLICIES = call("iam:ListUserPolicies", c -> c.iam.listUserPolicies(b -> b.userName(USER)));
    static final SampleCall DELETE_USER_POLICY = call("iam:DeleteUserPolicy",
            c -> c.iam.deleteUserPolicy(b -> b.userName(USER).policyName("leftover")));
    static final SampleCall LIST_ATTACHED_USER_POLICIES = call("iam:ListAttachedUserPolicies",
            c -> c.iam.listAttachedUserPolicies(b -> b.userName(USER)));
    static final SampleCall DETACH_USER_POLICY = call("iam:DetachUserPolicy",
            c -> c.iam.detachUserPolicy(b -> b.userName(USER).policyArn(DIRECT_POLICY)));
    static final SampleCall LIST_GROUPS_FOR_USER = call("iam:ListGroupsForUser", c -> c.iam.listGroupsForUser(b -> b.userName(USER)));
    static final SampleCall REMOVE_USER_FROM_GROUP = call("iam:RemoveUserFromGroup",
            c -> c.iam.removeUserFromGroup(b -> b.groupName(GROUP).userName(USER)));
    static final SampleCall DELETE_USER = call("iam:DeleteUser", c -> c.iam.deleteUser(b -> b.userName(USER)));

    // S3
    static final SampleCall PUT_OBJECT = call("s3:PutObject", c -> c.s3.putObject(b -> b.bucket(BUCKET).key(OBJECT_KEY)
            .contentType("image/png").serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(KEY_ARN)
            .tagging("ManagedBy=iam-onboarding&OnboardingId=ob-1"), RequestBody.fromBytes(new byte[] {1, 2, 3})));
    static final SampleCall PUT_OBJECT_BUCKET_DEFAULT_KEY = call("s3:PutObject (bucket default key)",
            c -> c.s3.putObject(b -> b.bucket(BUCKET).key(OBJECT_KEY), RequestBody.fromBytes(new byte[] {1})));
    static final SampleCall HEAD_OBJECT = call("s3:HeadObject", c -> c.s3.headObject(b -> b.bucket(BUCKET).key(OBJECT_KEY)));
    static final SampleCall GET_OBJECT = call("s3:GetObject", c -> c.s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(OBJECT_KEY)));
    static final SampleCall LIST_OBJECTS_V2 = call("s3:ListObjectsV2",
            c -> c.s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("mfa/jane.doe/").maxKeys(10)));
    static final SampleCall DELETE_OBJECT = call("s3:DeleteObject", c -> c.s3.deleteObject(b -> b.bucket(BUCKET).key(OBJECT_KEY)));

    // Secrets Manager
    static final SampleCall CREATE_SECRET = call("secretsmanager:CreateSecret", c -> c.secretsManager.createSecret(b -> b
            .name("iam-onboarding/ob-1/console-password").kmsKeyId(KEY_ALIAS).secretString("not-a-real-password")
            .description("console password")
            .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("ManagedBy").value("iam-onboarding").build())));
    static final SampleCall PUT_SECRET_VALUE = call("secretsmanager:PutSecretValue",
            c -> c.secretsManager.putSecretValue(b -> b.secretId(SECRET_NAME).secretString("not-a-real-secret")));
    static final SampleCall DESCRIBE_SECRET = call("secretsmanager:DescribeSecret",
            c -> c.secretsManager.describeSecret(b -> b.secretId(SECRET_NAME)));
    static final SampleCall RESTORE_SECRET = call("secretsmanager:RestoreSecret",
            c -> c.secretsManager.restoreSecret(b -> b.secretId(SECRET_NAME)));
    static final SampleCall LIST_SECRETS = call("secretsmanager:ListSecrets", c -> c.secretsManager.listSecrets(b -> b.maxResults(1)));
    static final SampleCall GET_RESOURCE_POLICY = call("secretsmanager:GetResourcePolicy",
            c -> c.secretsManager.getResourcePolicy(b -> b.secretId(SECRET_NAME)));
    static final SampleCall DELETE_RESOURCE_POLICY = call("secretsmanager:DeleteResourcePolicy",
            c -> c.secretsManager.deleteResourcePolicy(b -> b.secretId(SECRET_NAME)));
    static final SampleCall TAG_RESOURCE = call("secretsmanager:TagResource", c -> c.secretsManager.tagResource(b -> b
            .secretId(SECRET_NAME)
            .tags(software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("OnboardingId").value("ob-1").build())));
    static final SampleCall PUT_RESOURCE_POLICY = call("secretsmanager:PutResourcePolicy",
            c -> c.secretsManager.putResourcePolicy(b -> b.secretId(SECRET_NAME).blockPublicPolicy(true)
                    .resourcePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")));
    static final SampleCall DELETE_SECRET = call("secretsmanager:DeleteSecret",
            c -> c.secretsManager.deleteSecret(b -> b.secretId(SECRET_NAME).recoveryWindowInDays(7L)));
    static final SampleCall GET_SECRET_VALUE = call("secretsmanager:GetSecretValue",
            c -> c.secretsManager.getSecretValue(b -> b.secretId(SECRET_NAME).versionStage("AWSCURRENT")));

    // KMS
    static final SampleCall GENERATE_MAC = call("kms:GenerateMac", c -> c.kms.generateMac(b -> b.keyId(KEY_ALIAS)
            .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(SdkBytes.fromUtf8String("execution input"))));
    static final SampleCall VERIFY_MAC = call("kms:VerifyMac", c -> c.kms.verifyMac(b -> b.keyId(KEY_ARN)
            .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(SdkBytes.fromUtf8String("execution input"))
            .mac(SdkBytes.fromByteArray(new byte[32]))));

    // EventBridge
    static final SampleCall PUT_EVENTS = call("events:PutEvents", c -> c.eventBridge.putEvents(b -> b.entries(
            e -> e.eventBusName("iam-onboarding").source("iam-onboarding").detailType("OnboardingCompleted").detail("{}"),
            e -> e.source("iam-onboarding.audit").detailType("OnboardingAudited").detail("{}"))));

    // Step Functions
    static final SampleCall START_EXECUTION = call("states:StartExecution",
            c -> c.sfn.startExecution(b -> b.stateMachineArn(STATE_MACHINE).name("ob-1").input("{}")));
    static final SampleCall DESCRIBE_EXECUTION = call("states:DescribeExecution",
            c -> c.sfn.describeExecution(b -> b.executionArn(EXECUTION)));
    static final SampleCall GET_EXECUTION_HISTORY = call("states:GetExecutionHistory",
            c -> c.sfn.getExecutionHistory(b -> b.executionArn(EXECUTION)));
    static final SampleCall SEND_TASK_SUCCESS = call("states:SendTaskSuccess",
            c -> c.sfn.sendTaskSuccess(b -> b.taskToken("sample-task-token").output("{}")));
    static final SampleCall SEND_TASK_FAILURE = call("states:SendTaskFailure",
            c -> c.sfn.sendTaskFailure(b -> b.taskToken("sample-task-token").error("Expired")));
    static final SampleCall SEND_TASK_HEARTBEAT = call("states:SendTaskHeartbeat",
            c -> c.sfn.sendTaskHeartbeat(b -> b.taskToken("sample-task-token")));

    // DynamoDB
    private static final Map<String, AttributeValue> ITEM_KEY = Map.of("OnboardingId", AttributeValue.fromS("ob-1"));
    static final SampleCall GET_ITEM = call("dynamodb:GetItem", c -> c.dynamoDb.getItem(b -> b.tableName(TABLE).key(ITEM_KEY)));
    static final SampleCall PUT_ITEM = call("dynamodb:PutItem", c -> c.dynamoDb.putItem(b -> b.tableName(TABLE).item(ITEM_KEY)
            .conditionExpression("attribute_not_exists(OnboardingId)")));
    static final SampleCall UPDATE_ITEM = call("dynamodb:UpdateItem", c -> c.dynamoDb.updateItem(b -> b.tableName(TABLE).key(ITEM_KEY)
            .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "Status"))
            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("RUNNING"))).returnValues(ReturnValue.ALL_NEW)));
    static final SampleCall DELETE_ITEM = call("dynamodb:DeleteItem", c -> c.dynamoDb.deleteItem(b -> b.tableName(TABLE).key(ITEM_KEY)));
    static final SampleCall QUERY = call("dynamodb:Query", c -> c.dynamoDb.query(b -> b.tableName(TABLE).indexName("ByUser")
            .keyConditionExpression("UserName = :u").expressionAttributeValues(Map.of(":u", AttributeValue.fromS(USER)))));

    // SES v2
    static final SampleCall SEND_EMAIL = call("ses:SendEmail", c -> c.ses.sendEmail(b -> b
            .fromEmailAddress("IAM Onboarding <onboarding@example.com>").configurationSetName("onboarding")
            .destination(d -> d.toAddresses("jane.doe@example.com").ccAddresses("Manager <manager@example.com>"))
            .content(m -> m.simple(s -> s.subject(t -> t.data("Welcome")).body(x -> x.text(t -> t.data("Hello")))))));

    // Lambda
    static final SampleCall INVOKE = call("lambda:InvokeFunction",
            c -> c.lambda.invoke(b -> b.functionName(FUNCTION).qualifier("live").payload(SdkBytes.fromUtf8String("{}"))));

    /** The emulator's state the samples run against. */
    static FakeResourceFacts facts() {
        FakeResourceFacts facts = new FakeResourceFacts();
        facts.users.put(USER, new ResourceFacts.UserFacts("/staff/", Map.of("ManagedBy", "iam-onboarding"), Optional.of(BOUNDARY)));
        facts.groupPaths.put(GROUP, "/profiles/");
        facts.mfaDeviceTags.put(MFA_SERIAL, Map.of("ManagedBy", "iam-onboarding"));
        facts.secrets.put(SECRET_NAME, new ResourceFacts.SecretFacts(SECRET_ARN, Map.of("ManagedBy", "iam-onboarding"),
                Optional.of(KEY_ALIAS)));
        facts.keyArns.put(KEY_ALIAS, KEY_ARN);
        facts.keyArns.put(KEY_ID, KEY_ARN);
        facts.bucketKeys.put(BUCKET, KEY_ID);
        facts.objectKeys.put(BUCKET + "/" + OBJECT_KEY, KEY_ARN);
        facts.sesIdentities.put("onboarding@example.com", "example.com");
        facts.partitionKeys.put(TABLE, "OnboardingId");
        facts.partitionKeys.put(TABLE + "/ByUser", "UserName");
        return facts;
    }

    /** Every sample call above. */
    static List<SampleCall> all() {
        List<SampleCall> all = new ArrayList<>();
        for (Field field : SampleCalls.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == SampleCall.class) {
                try {
                    all.add((SampleCall) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return all;
    }
}
