package com.iamonboarding.local.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IAM calls, against the Service Authorization Reference for IAM: resource type {@code user}
 * ({@code arn:${Partition}:iam::${Account}:user/${UserNameWithPath}}, resource keys
 * {@code aws:ResourceTag/${TagKey}} and {@code iam:ResourceTag/${TagKey}}), {@code group},
 * {@code mfa}, {@code policy}, and the actions without a resource type.
 */
class IamRequestsTest extends MappingTestSupport {

    private static final String USER = "arn:aws:iam::123456789012:user/staff/jane.doe";
    private static final String GROUP = "arn:aws:iam::123456789012:group/profiles/developers";
    private static final String MFA = "arn:aws:iam::123456789012:mfa/staff/jane.doe";
    private static final String BOUNDARY = "arn:aws:iam::123456789012:policy/iam-onboarding/HireBoundary";
    private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    private static final Map<String, List<String>> USER_TAGS = Map.of(
            "aws:ResourceTag/ManagedBy", List.of("iam-onboarding"),
            "iam:ResourceTag/ManagedBy", List.of("iam-onboarding"));

    static Stream<Arguments> accountWide() {
        return Stream.of(
                Arguments.of(SampleCalls.LIST_ACCOUNT_ALIASES, "iam:ListAccountAliases"),
                Arguments.of(SampleCalls.CREATE_ACCOUNT_ALIAS, "iam:CreateAccountAlias"),
                Arguments.of(SampleCalls.GET_ACCOUNT_PASSWORD_POLICY, "iam:GetAccountPasswordPolicy"),
                Arguments.of(SampleCalls.LIST_VIRTUAL_MFA_DEVICES, "iam:ListVirtualMFADevices"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("accountWide")
    void actionsWithoutAResourceTypeAreOnStar(SampleCalls.SampleCall call, String action) {
        assertMapsTo(call, action, "*", Map.of());
    }

    static Stream<Arguments> onTheUser() {
        return Stream.of(
                Arguments.of(SampleCalls.GET_USER, "iam:GetUser"),
                Arguments.of(SampleCalls.LIST_USER_TAGS, "iam:ListUserTags"),
                Arguments.of(SampleCalls.CREATE_LOGIN_PROFILE, "iam:CreateLoginProfile"),
                Arguments.of(SampleCalls.UPDATE_LOGIN_PROFILE, "iam:UpdateLoginProfile"),
                Arguments.of(SampleCalls.GET_LOGIN_PROFILE, "iam:GetLoginProfile"),
                Arguments.of(SampleCalls.DELETE_LOGIN_PROFILE, "iam:DeleteLoginProfile"),
                Arguments.of(SampleCalls.ENABLE_MFA_DEVICE, "iam:EnableMFADevice"),
                Arguments.of(SampleCalls.DEACTIVATE_MFA_DEVICE, "iam:DeactivateMFADevice"),
                Arguments.of(SampleCalls.LIST_MFA_DEVICES, "iam:ListMFADevices"),
                Arguments.of(SampleCalls.CREATE_ACCESS_KEY, "iam:CreateAccessKey"),
                Arguments.of(SampleCalls.DELETE_ACCESS_KEY, "iam:DeleteAccessKey"),
                Arguments.of(SampleCalls.LIST_ACCESS_KEYS, "iam:ListAccessKeys"),
                Arguments.of(SampleCalls.UPDATE_ACCESS_KEY, "iam:UpdateAccessKey"),
                Arguments.of(SampleCalls.LIST_SIGNING_CERTIFICATES, "iam:ListSigningCertificates"),
                Arguments.of(SampleCalls.UPDATE_SIGNING_CERTIFICATE, "iam:UpdateSigningCertificate"),
                Arguments.of(SampleCalls.DELETE_SIGNING_CERTIFICATE, "iam:DeleteSigningCertificate"),
                Arguments.of(SampleCalls.LIST_SSH_PUBLIC_KEYS, "iam:ListSSHPublicKeys"),
                Arguments.of(SampleCalls.UPDATE_SSH_PUBLIC_KEY, "iam:UpdateSSHPublicKey"),
                Arguments.of(SampleCalls.DELETE_SSH_PUBLIC_KEY, "iam:DeleteSSHPublicKey"),
                Arguments.of(SampleCalls.LIST_SERVICE_SPECIFIC_CREDENTIALS, "iam:ListServiceSpecificCredentials"),
                Arguments.of(SampleCalls.UPDATE_SERVICE_SPECIFIC_CREDENTIAL, "iam:UpdateServiceSpecificCredential"),
                Arguments.of(SampleCalls.DELETE_SERVICE_SPECIFIC_CREDENTIAL, "iam:DeleteServiceSpecificCredential"),
                Arguments.of(SampleCalls.LIST_USER_POLICIES, "iam:ListUserPolicies"),
                Arguments.of(SampleCalls.LIST_ATTACHED_USER_POLICIES, "iam:ListAttachedUserPolicies"),
                Arguments.of(SampleCalls.LIST_GROUPS_FOR_USER, "iam:ListGroupsForUser"),
                Arguments.of(SampleCalls.DELETE_USER, "iam:DeleteUser"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("onTheUser")
    void userActionsAreOnTheUserWithItsPathAndTags(SampleCalls.SampleCall call, String action) {
        assertMapsTo(call, action, USER, USER_TAGS);
    }

    @Test
    void createUserWithTagsIsAlsoTagUserAndCarriesTheRequestTagsAndTheBoundary() {
        List<Authorization> authorizations = map(SampleCalls.CREATE_USER);

        assertEquals(2, authorizations.size(), authorizations::toString);
        assertAuthorization("iam:CreateUser", USER, authorizations.get(0));
        assertContext(Map.of(
                "aws:RequestTag/ManagedBy", List.of("iam-onboarding"),
                "aws:RequestTag/OnboardingId", List.of("ob-1"),
                "aws:TagKeys", List.of("ManagedBy", "OnboardingId"),
                "iam:PermissionsBoundary", List.of(BOUNDARY)), authorizations.get(0));
        assertAuthorization("iam:TagUser", USER, authorizations.get(1));
        assertContext(Map.of(
                "aws:RequestTag/ManagedBy", List.of("iam-onboarding"),
                "aws:RequestTag/OnboardingId", List.of("ob-1"),
                "aws:TagKeys", List.of("ManagedBy", "OnboardingId")), authorizations.get(1));
    }

    @Test
    void createUserWithoutTagsOrBoundaryHasNoTagKeysAndNoTagUser() {
        assertMapsTo(SampleCalls.CREATE_USER_UNTAGGED, "iam:CreateUser", USER, Map.of());
    }

    @Test
    void tagUserCarriesTheNewTagsAndTheUsersTags() {
        assertMapsTo(SampleCalls.TAG_USER, "iam:TagUser", USER, plus(USER_TAGS, Map.of(
                "aws:RequestTag/OffboardedAt", List.of("2025-01-02T03:04:05Z"),
                "aws:TagKeys", List.of("OffboardedAt"))));
    }

    @Test
    void addUserToGroupIsOnTheGroupNotTheUser() {
        assertMapsTo(SampleCalls.ADD_USER_TO_GROUP, "iam:AddUserToGroup", GROUP, Map.of());
    }

    @Test
    void removeUserFromGroupIsOnTheGroup() {
        assertMapsTo(SampleCalls.REMOVE_USER_FROM_GROUP, "iam:RemoveUserFromGroup", GROUP, Map.of());
    }

    @Test
    void getGroupIsOnTheGroup() {
        assertMapsTo(SampleCalls.GET_GROUP, "iam:GetGroup", GROUP, Map.of());
    }

    @Test
    void aGroupTheEmulatorDoesNotKnowHasTheRootPath() {
        facts.groupPaths.clear();

        assertMapsTo(SampleCalls.GET_GROUP, "iam:GetGroup", "arn:aws:iam::123456789012:group/developers", Map.of());
    }

    @Test
    void attachUserPolicyCarriesThePolicyAndTheUsersBoundary() {
        assertMapsTo(SampleCalls.ATTACH_USER_POLICY, "iam:AttachUserPolicy", USER, plus(USER_TAGS, Map.of(
                "iam:PolicyARN", List.of(READ_ONLY), "iam:PermissionsBoundary", List.of(BOUNDARY))));
    }

    @Test
    void detachUserPolicyCarriesThePolicyAndTheUsersBoundary() {
        assertMapsTo(SampleCalls.DETACH_USER_POLICY, "iam:DetachUserPolicy", USER, plus(USER_TAGS, Map.of(
                "iam:PolicyARN", List.of(READ_ONLY), "iam:PermissionsBoundary", List.of(BOUNDARY))));
    }

    @Test
    void deleteUserPolicyCarriesTheUsersBoundary() {
        assertMapsTo(SampleCalls.DELETE_USER_POLICY, "iam:DeleteUserPolicy", USER,
                plus(USER_TAGS, Map.of("iam:PermissionsBoundary", List.of(BOUNDARY))));
    }

    @Test
    void aUserWithoutABoundaryHasNoBoundaryKey() {
        facts.users.put(SampleCalls.USER, new ResourceFacts.UserFacts("/staff/", Map.of(), Optional.empty()));

        assertMapsTo(SampleCalls.ATTACH_USER_POLICY, "iam:AttachUserPolicy", USER, Map.of("iam:PolicyARN", List.of(READ_ONLY)));
    }

    @Test
    void getPolicyIsOnThePolicy() {
        assertMapsTo(SampleCalls.GET_POLICY, "iam:GetPolicy", READ_ONLY, Map.of());
    }

    @Test
    void createVirtualMfaDeviceWithTagsIsAlsoTagMfaDevice() {
        List<Authorization> authorizations = map(SampleCalls.CREATE_VIRTUAL_MFA_DEVICE);
        Map<String, List<String>> requestTags = Map.of(
                "aws:RequestTag/ManagedBy", List.of("iam-onboarding"), "aws:TagKeys", List.of("ManagedBy"));

        assertEquals(2, authorizations.size(), authorizations::toString);
        assertAuthorization("iam:CreateVirtualMFADevice", MFA, authorizations.get(0));
        assertContext(requestTags, authorizations.get(0));
        assertAuthorization("iam:TagMFADevice", MFA, authorizations.get(1));
        assertContext(requestTags, authorizations.get(1));
    }

    @Test
    void deleteVirtualMfaDeviceIsOnTheDeviceWithItsTags() {
        assertMapsTo(SampleCalls.DELETE_VIRTUAL_MFA_DEVICE, "iam:DeleteVirtualMFADevice", MFA,
                Map.of("aws:ResourceTag/ManagedBy", List.of("iam-onboarding")));
    }

    @Test
    void aUserTheEmulatorDoesNotKnowHasTheRootPathAndNoTags() {
        facts.users.clear();

        assertMapsTo(SampleCalls.GET_USER, "iam:GetUser", "arn:aws:iam::123456789012:user/jane.doe", Map.of());
    }

    @Test
    void withoutAUserNameAnIamUserActsOnItself() {
        Caller hire = Caller.user(USER);

        Mapping mapping = mapping(sdk.capture(c -> c.iam.listAccessKeys()), hire);

        Authorization authorization = assertInstanceOf(Mapping.Mapped.class, mapping).authorizations().get(0);
        assertAuthorization("iam:ListAccessKeys", USER, authorization);
    }

    @Test
    void withoutAUserNameARoleSessionCannotBeMapped() {
        Mapping mapping = mapping(sdk.capture(c -> c.iam.listAccessKeys()), FUNCTION);

        String reason = assertInstanceOf(Mapping.Unmapped.class, mapping).reason();
        assertTrue(reason.contains("ListAccessKeys"), reason);
    }

    @Test
    void anIamActionOutsideTheMappingIsUnmapped() {
        Mapping mapping = mapping(sdk.capture(c -> c.iam.createRole(b -> b.roleName("r").assumeRolePolicyDocument("{}"))),
                FUNCTION);

        assertEquals("no IAM authorisation is mapped for iam:CreateRole (POST /)",
                assertInstanceOf(Mapping.Unmapped.class, mapping).reason());
    }
}
