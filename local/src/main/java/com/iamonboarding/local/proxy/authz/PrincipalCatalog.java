package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.OnboardingTags;
import com.iamonboarding.local.lambda.FunctionRegistry;
import com.iamonboarding.local.lambda.LocalFunction;
import com.iamonboarding.local.template.PseudoParameters;
import com.iamonboarding.profiles.AccessProfile;
import com.iamonboarding.profiles.AccessProfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The principals one may ask about ({@link Authorizer#ask}), by the names {@code bin/local may}
 * takes:
 * <ul>
 *   <li>{@code function:<LogicalId>}, {@code state-machine:<LogicalId>}: a role of the stack, with
 *       its policies from template.yaml;</li>
 *   <li>{@code hire:<profile>}: a hire of that access profile as the workflow would create them
 *       (under {@code UserPath}, tagged, in the profile's groups, with its policies and its
 *       boundary, the guardrail unless the profile names another), without creating anyone;</li>
 *   <li>{@code user:<name>}: an IAM user that exists in the emulator (an onboarded hire, say);</li>
 *   <li>{@code role:<arn>}, {@code operator}: a role in the emulator (the operators' role is the
 *       {@code OperatorsRoleArn} parameter), with the policies the emulator holds for it;</li>
 *   <li>{@code administrator}, {@code power-user}: a colleague this system did not create, with
 *       AdministratorAccess or PowerUserAccess and no boundary.</li>
 * </ul>
 * Append {@code +mfa} for a session authenticated with MFA.
 */
public final class PrincipalCatalog {

    public static final String SPECS = "function:<LogicalId> | state-machine:<LogicalId> | hire:<profile> | user:<name>"
            + " | role:<arn> | operator | administrator | power-user, each optionally followed by +mfa";

    static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
    static final String POWER_USER_ACCESS = "arn:aws:iam::aws:policy/PowerUserAccess";

    private final StackPolicies policies;
    private final ResourceFacts facts;
    private final FunctionRegistry functions;
    private final Map<String, String> parameters;
    private final java.util.function.Function<String, String> roleArns;
    private final AccessProfiles profiles;
    private final String userPath;
    private final String guardrailArn;

    /**
     * @param roleArns the role ARN of a function's or state machine's logical id
     * @param environment the functions' shared environment: USER_PATH, ACCESS_PROFILES, HIRE_BOUNDARY_ARN
     */
    public PrincipalCatalog(StackPolicies policies, ResourceFacts facts, FunctionRegistry functions, Map<String, String> parameters,
                            java.util.function.Function<String, String> roleArns, Map<String, String> environment) {
        this.policies = policies;
        this.facts = facts;
        this.functions = functions;
        this.parameters = Map.copyOf(parameters);
        this.roleArns = roleArns;
        FunctionEnvironment env = new FunctionEnvironment(environment);
        this.profiles = AccessProfiles.load(env);
        this.userPath = env.get("USER_PATH", "/");
        this.guardrailArn = env.require("HIRE_BOUNDARY_ARN");
    }

    /** The principal a name of {@link #SPECS} stands for. */
    public AskedPrincipal parse(String spec) {
        boolean mfa = spec.endsWith("+mfa");
        String name = mfa ? spec.substring(0, spec.length() - "+mfa".length()) : spec;
        int colon = name.indexOf(':');
        String kind = colon < 0 ? name : name.substring(0, colon);
        String argument = colon < 0 ? "" : name.substring(colon + 1);
        AskedPrincipal principal = switch (kind) {
            case "function", "state-machine" -> stackRole(argument);
            case "hire" -> hire(argument);
            case "user" -> user(argument);
            case "role" -> role(argument);
            case "operator" -> operator();
            case "administrator" -> colleague("administrator", ADMINISTRATOR_ACCESS);
            case "power-user" -> colleague("power-user", POWER_USER_ACCESS);
            default -> throw new IllegalArgumentException("unknown principal " + spec + "; one of: " + SPECS);
        };
        return mfa ? principal.withMfa() : principal;
    }

    /** A role of the stack: a function's or a state machine's, by logical id. */
    public AskedPrincipal stackRole(String logicalId) {
        String roleArn = roleArns.apply(logicalId);
        if (!policies.roles().containsKey(roleArn)) {
            throw new IllegalArgumentException("template.yaml has no function or state machine " + logicalId);
        }
        String session = functions.all().stream().filter(f -> f.logicalId().equals(logicalId)).map(LocalFunction::name)
                .findFirst().orElse(logicalId);
        Caller caller = Caller.roleSession(roleArn, session);
        return new AskedPrincipal(logicalId + "'s role", caller, policies.identity(caller), List.of());
    }

    /** A hire of {@code profileName} as the workflow would create them; nobody is created. */
    public AskedPrincipal hire(String profileName) {
        AccessProfile profile = profiles.find(profileName).orElseThrow(() -> new IllegalArgumentException(
                "no access profile " + profileName + "; the profiles are " + profiles.names()));
        String userArn = userArn(userPath, "may-" + profileName);
        List<NamedPolicy> identity = new ArrayList<>();
        profile.groups.forEach(group -> identity.addAll(policies.groupPolicies(group)));
        profile.policyArns.forEach(arn -> policies.managedPolicy(arn).ifPresent(identity::add));
        String boundary = profile.permissionsBoundaryArn != null ? profile.permissionsBoundaryArn : guardrailArn;
        Map<String, String> tags = Map.of(OnboardingTags.MANAGED_BY, OnboardingTags.MANAGED_BY_VALUE,
                OnboardingTags.ACCESS_PROFILE, profileName, OnboardingTags.ONBOARDING_ID, "may-" + profileName);
        return new AskedPrincipal("a " + profileName + " hire", Caller.user(userArn).withPrincipalTags(tags), identity,
                policies.boundaries(Optional.of(boundary)));
    }

    /** An IAM user in the emulator, with its policies, its groups' and its boundary. */
    public AskedPrincipal user(String userName) {
        ResourceFacts.UserFacts user = facts.user(userName)
                .orElseThrow(() -> new IllegalArgumentException("the emulator has no IAM user " + userName));
        Caller caller = Caller.user(userArn(user.path(), userName)).withPrincipalTags(user.tags());
        return new AskedPrincipal("IAM user " + userName, caller, policies.identity(caller),
                policies.boundaries(user.permissionsBoundary()));
    }

    /** A role in the emulator (not one of the stack's), with the policies the emulator holds for it. */
    public AskedPrincipal role(String roleArn) {
        Caller caller = Caller.roleSession(roleArn, "asked");
        return new AskedPrincipal("role " + roleArn, caller, policies.identity(caller), List.of());
    }

    /** The operators' role of the {@code OperatorsRoleArn} parameter. */
    public AskedPrincipal operator() {
        String arn = parameters.getOrDefault("OperatorsRoleArn", "");
        if (arn.isBlank()) {
            throw new IllegalArgumentException("the stack has no operators' role: set --parameter OperatorsRoleArn=<role ARN>");
        }
        AskedPrincipal role = role(arn);
        return new AskedPrincipal("the operators' role", role.caller(), role.identity(), role.boundary());
    }

    /** A colleague this system did not create: a user outside its path with one managed policy. */
    public AskedPrincipal colleague(String name, String managedPolicyArn) {
        Caller caller = Caller.user(userArn("/", "colleague-" + name));
        return new AskedPrincipal("a colleague with " + managedPolicyArn.substring(managedPolicyArn.lastIndexOf('/') + 1), caller,
                policies.managedPolicy(managedPolicyArn).map(List::of).orElseThrow(() -> new IllegalStateException(
                        "the emulator has no managed policy " + managedPolicyArn + " (moto loads AWS managed policies only with"
                                + " MOTO_IAM_LOAD_MANAGED_POLICIES=true)")),
                List.of());
    }

    private static String userArn(String path, String name) {
        return "arn:" + PseudoParameters.PARTITION + ":iam::" + PseudoParameters.ACCOUNT_ID + ":user" + path + name;
    }
}
