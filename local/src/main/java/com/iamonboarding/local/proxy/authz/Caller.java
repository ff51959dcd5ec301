package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.template.PseudoParameters;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who signed a request, as IAM sees it: {@code arn} is the principal the policies are evaluated
 * for (an IAM user, or a role session {@code arn:aws:sts::…:assumed-role/Role/Session}), and
 * {@code principalArn} what {@code aws:PrincipalArn} holds (the user, or the role's ARN with its
 * path). The local stack knows which function's role signed a request; a hire is an IAM user.
 */
public record Caller(String arn, String principalArn, String account, Type type, Optional<String> userName,
                     Map<String, String> principalTags, boolean mfaAuthenticated) {

    /** The values of {@code aws:PrincipalType}. */
    public enum Type { USER, ASSUMED_ROLE }

    public Caller {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(userName, "userName");
        principalTags = Map.copyOf(principalTags);
    }

    /** An IAM user with long-term credentials ({@code arn:aws:iam::<account>:user/<path><name>}). */
    public static Caller user(String userArn) {
        String name = userArn.substring(userArn.lastIndexOf('/') + 1);
        return new Caller(userArn, userArn, accountOf(userArn), Type.USER, Optional.of(name), Map.of(), false);
    }

    /** A session of an IAM role ({@code arn:aws:iam::<account>:role/<path><name>}), as Lambda runs a function. */
    public static Caller roleSession(String roleArn, String sessionName) {
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String account = accountOf(roleArn);
        return new Caller("arn:" + PseudoParameters.PARTITION + ":sts::" + account + ":assumed-role/" + roleName + "/" + sessionName,
                roleArn, account, Type.ASSUMED_ROLE, Optional.empty(), Map.of(), false);
    }

    /** The same caller with the tags of its user or role ({@code aws:PrincipalTag/<key>}). */
    public Caller withPrincipalTags(Map<String, String> tags) {
        return new Caller(arn, principalArn, account, type, userName, tags, mfaAuthenticated);
    }

    /** The same caller in a session authenticated with MFA ({@code aws:MultiFactorAuthPresent} true). */
    public Caller withMfa() {
        return new Caller(arn, principalArn, account, type, userName, principalTags, true);
    }

    private static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || parts[4].isEmpty()) {
            throw new IllegalArgumentException("not an IAM ARN with an account: " + arn);
        }
        return parts[4];
    }
}
