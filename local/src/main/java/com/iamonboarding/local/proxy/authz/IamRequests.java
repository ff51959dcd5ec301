package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * IAM's query-protocol calls. Resource types and condition keys follow the Service Authorization
 * Reference for IAM: most actions act on the user ({@code user<path><name>}, which carries the
 * user's tags as {@code aws:ResourceTag/*} and {@code iam:ResourceTag/*}); group membership on the
 * group; account-wide reads and the alias on {@code *}. Creating a user or an MFA device with tags
 * is also iam:TagUser or iam:TagMFADevice.
 */
final class IamRequests implements ServiceRequests {

    private static final Set<String> ACCOUNT_WIDE = Set.of(
            "ListAccountAliases", "CreateAccountAlias", "GetAccountPasswordPolicy", "ListVirtualMFADevices");

    private static final Set<String> GROUP_ACTIONS = Set.of("AddUserToGroup", "RemoveUserFromGroup", "GetGroup");

    /** Actions on one user without condition keys of their own (the user's tags aside). */
    private static final Set<String> USER_ACTIONS = Set.of(
            "GetUser", "ListUserTags", "CreateLoginProfile", "UpdateLoginProfile", "GetLoginProfile",
            "DeleteLoginProfile", "EnableMFADevice", "DeactivateMFADevice", "ListMFADevices", "CreateAccessKey",
            "DeleteAccessKey", "ListAccessKeys", "UpdateAccessKey", "ListSigningCertificates",
            "UpdateSigningCertificate", "DeleteSigningCertificate", "ListSSHPublicKeys", "UpdateSSHPublicKey",
            "DeleteSSHPublicKey", "ListServiceSpecificCredentials", "UpdateServiceSpecificCredential",
            "DeleteServiceSpecificCredential", "ListUserPolicies", "ListAttachedUserPolicies", "ListGroupsForUser",
            "DeleteUser");

    /** Actions whose {@code iam:PermissionsBoundary} is the boundary the user has now. */
    private static final Set<String> BOUNDARY_KEYED = Set.of("AttachUserPolicy", "DetachUserPolicy", "DeleteUserPolicy");

    @Override
    public List<Authorization> map(RecordedRequest request, Scope scope) {
        String action = request.action();
        if (ACCOUNT_WIDE.contains(action)) {
            return List.of(scope.authorize("iam:" + action, "*").build());
        }
        if (GROUP_ACTIONS.contains(action)) {
            String group = Params.required(request, "GroupName");
            String path = scope.facts().groupPath(group).orElse("/");
            return List.of(scope.authorize("iam:" + action, Arns.iam("group", path, group)).build());
        }
        if (USER_ACTIONS.contains(action)) {
            return List.of(onUser(request, scope).build());
        }
        return switch (action) {
            case "CreateUser" -> scope.createTagged("iam:CreateUser", "iam:TagUser",
                    Arns.iam("user", Params.text(request, "Path").orElse("/"), Params.required(request, "UserName")),
                    Params.memberTags(request, "Tags"),
                    create -> create.with("iam:PermissionsBoundary", Params.text(request, "PermissionsBoundary")));
            case "TagUser" -> List.of(onUser(request, scope).withRequestTags(Params.memberTags(request, "Tags")).build());
            case "AttachUserPolicy", "DetachUserPolicy" -> List.of(onUser(request, scope)
                    .with("iam:PolicyARN", Params.required(request, "PolicyArn")).build());
            case "DeleteUserPolicy" -> List.of(onUser(request, scope).build());
            case "GetPolicy" -> List.of(scope.authorize("iam:GetPolicy", Params.required(request, "PolicyArn")).build());
            case "CreateVirtualMFADevice" -> scope.createTagged("iam:CreateVirtualMFADevice", "iam:TagMFADevice",
                    Arns.iam("mfa", Params.text(request, "Path").orElse("/"), Params.required(request, "VirtualMFADeviceName")),
                    Params.memberTags(request, "Tags"), UnaryOperator.identity());
            case "DeleteVirtualMFADevice" -> {
                String serial = Params.required(request, "SerialNumber");
                yield List.of(scope.authorize("iam:DeleteVirtualMFADevice", serial)
                        .withTags("aws:ResourceTag/", scope.facts().mfaDeviceTags(serial)).build());
            }
            default -> throw ServiceRequests.unknown(request);
        };
    }

    /**
     * The action on the user the request names, or, without a UserName, on the calling user (as
     * IAM does); a role session must name the user. The policy actions also see the user's
     * boundary as {@code iam:PermissionsBoundary}.
     */
    private static AuthorizationBuilder onUser(RecordedRequest request, Scope scope) {
        String name = Params.text(request, "UserName").or(() -> scope.caller().userName())
                .orElseThrow(() -> new CannotMap(request + " names no user, and the caller is not an IAM user"));
        ResourceFacts.UserFacts user = scope.facts().user(name)
                .orElse(new ResourceFacts.UserFacts("/", Map.of(), Optional.empty()));
        AuthorizationBuilder builder = scope.authorize("iam:" + request.action(), Arns.iam("user", user.path(), name))
                .withTags("aws:ResourceTag/", user.tags())
                .withTags("iam:ResourceTag/", user.tags());
        if (BOUNDARY_KEYED.contains(request.action())) {
            builder.with("iam:PermissionsBoundary", user.permissionsBoundary());
        }
        return builder;
    }
}
