package com.iamonboarding.secrets;

import com.iamonboarding.common.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may read one generated secret: the resource policy {@link SecretStore} puts on it.
 *
 * <ul>
 *   <li>Access key ({@link #accessKey}): the hire, only with MFA, and the operators' role if configured.</li>
 *   <li>Console password ({@link #consolePassword}): the operators' role only. Without an operators'
 *       role nobody may read it: an administrator has to replace this policy first, an act that
 *       CloudTrail records as {@code PutResourcePolicy} or {@code DeleteResourcePolicy}. Letting
 *       anyone with an identity-based allow read it instead would hand a hire's first password
 *       to every colleague whose profile allows {@code secretsmanager:*} (PowerUserAccess does).</li>
 * </ul>
 *
 * <p>Every policy ends in a Deny of {@code GetSecretValue} for every principal whose
 * {@code aws:PrincipalArn} is not a reader, so identity-based allows (administrators, power
 * users, and the provisioning functions that wrote the secret) cannot read it. That Deny uses
 * {@code ArnNotEquals} on {@code aws:PrincipalArn} rather than {@code NotPrincipal}, which IAM
 * evaluates as a deny of every principal that has a permissions boundary. An operator's role
 * session is matched by the role ARN, which is what {@code aws:PrincipalArn} holds for it.
 *
 * <p>MFA: {@code aws:MultiFactorAuthPresent} is absent, not false, for requests signed with
 * long-term access keys. The hire's Allow therefore uses {@code Bool ... "true"} (never
 * {@code BoolIfExists}, which would match the absent key), and a Deny with
 * {@code BoolIfExists ... "false"} refuses the hire when the key is false or missing, even if an
 * identity-based policy of their profile allows reading secrets.
 *
 * <p>The ARNs must name one user or role without the {@code *} and {@code ?} wildcards, which ARN
 * condition operators would expand: a policy is never built from anything broader.
 */
public final class SecretAccessPolicy {

    public static final String GET_SECRET_VALUE = "secretsmanager:GetSecretValue";

    // A path may hold any ASCII character from ! to ~ (IAM's rule), except the wildcards.
    private static final String NAME_AND_PATH = "[\\x21-\\x7E&&[^*?]]+";
    private static final Pattern USER_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:user/" + NAME_AND_PATH);
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/" + NAME_AND_PATH);

    /** Reads only with MFA; null for the console password. */
    private final String hireArn;
    /** Null when no operators' role is configured. */
    private final String operatorsRoleArn;

    private SecretAccessPolicy(String hireArn, String operatorsRoleArn) {
        this.hireArn = hireArn;
        this.operatorsRoleArn = operatorsRoleArn;
    }

    /** The access-key secret: the hire (with MFA) and the operators' role, if any. */
    public static SecretAccessPolicy accessKey(String hireUserArn, Optional<String> operatorsRoleArn) {
        if (hireUserArn == null || !USER_ARN.matcher(hireUserArn).matches()) {
            throw new IllegalArgumentException("not the ARN of one IAM user: " + hireUserArn);
        }
        return new SecretAccessPolicy(hireUserArn, operatorsRole(operatorsRoleArn).orElse(null));
    }

    /** The console-password secret: the operators' role only, or nobody when none is configured. */
    public static SecretAccessPolicy consolePassword(Optional<String> operatorsRoleArn) {
        return new SecretAccessPolicy(null, operatorsRole(operatorsRoleArn).orElse(null));
    }

    /** A configured operators' role ARN, checked; blank means none. */
    public static Optional<String> operatorsRole(Optional<String> roleArn) {
        Optional<String> configured = roleArn.filter(arn -> !arn.isBlank());
        configured.ifPresent(arn -> {
            if (!ROLE_ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("OPERATORS_ROLE_ARN is not the ARN of one IAM role: " + arn);
            }
        });
        return configured;
    }

    /** The principal ARNs allowed to read the secret; empty when nobody may. */
    public List<String> readers() {
        List<String> readers = new ArrayList<>();
        if (hireArn != null) {
            readers.add(hireArn);
        }
        if (operatorsRoleArn != null) {
            readers.add(operatorsRoleArn);
        }
        return readers;
    }

    /** The policy document, for PutResourcePolicy. Statement order and content are deterministic. */
    public String toJson() {
        List<Map<String, Object>> statements = new ArrayList<>();
        if (hireArn != null) {
            statements.add(statement("HireReadsOnlyWithMfa", "Allow", Map.of("AWS", hireArn),
                    Map.of("Bool", Map.of("aws:MultiFactorAuthPresent", "true"))));
            Map<String, Object> withoutMfa = new LinkedHashMap<>();
            withoutMfa.put("ArnEquals", Map.of("aws:PrincipalArn", hireArn));
            withoutMfa.put("BoolIfExists", Map.of("aws:MultiFactorAuthPresent", "false"));
            statements.add(statement("HireNeverReadsWithoutMfa", "Deny", "*", withoutMfa));
        }
        if (operatorsRoleArn != null) {
            statements.add(statement("OperatorsRead", "Allow", Map.of("AWS", operatorsRoleArn), null));
        }
        List<String> readers = readers();
        statements.add(statement("NobodyElseReads", "Deny", "*",
                readers.isEmpty() ? null : Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", readers))));

        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", statements);
        return Json.write(policy);
    }

    private static Map<String, Object> statement(String sid, String effect, Object principal, Map<String, ?> condition) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", effect);
        statement.put("Principal", principal);
        statement.put("Action", GET_SECRET_VALUE);
        // In a secret's resource policy "*" means the secret the policy is attached to.
        statement.put("Resource", "*");
        if (condition != null) {
            statement.put("Condition", condition);
        }
        return statement;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretAccessPolicy that
                && Objects.equals(hireArn, that.hireArn) && Objects.equals(operatorsRoleArn, that.operatorsRoleArn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hireArn, operatorsRoleArn);
    }

    @Override
    public String toString() {
        return "SecretAccessPolicy" + (hireArn == null ? "" : "[hire with MFA " + hireArn + "]")
                + (operatorsRoleArn == null ? "[no operators' role]" : "[operators " + operatorsRoleArn + "]");
    }
}
