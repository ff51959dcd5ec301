package com.iamonboarding.profiles;

import com.fasterxml.jackson.core.type.TypeReference;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured access profiles. They are configuration, not code: the bundled
 * {@code access-profiles.json} mirrors the roles of the manual procedure, and a deployer replaces it
 * with the {@code AccessProfiles} template parameter (JSON of the same shape), which reaches the
 * functions as the {@code ACCESS_PROFILES} environment variable.
 */
public final class AccessProfiles {

    public static final String ENVIRONMENT_VARIABLE = "ACCESS_PROFILES";
    static final String BUNDLED_RESOURCE = "/access-profiles.json";

    private final Map<String, AccessProfile> profiles;

    public AccessProfiles(Map<String, AccessProfile> profiles) {
        this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    }

    public static AccessProfiles load(FunctionEnvironment env) {
        Optional<String> configured = env.optional(ENVIRONMENT_VARIABLE);
        if (configured.isPresent()) {
            return parse(configured.get(), ENVIRONMENT_VARIABLE);
        }
        return bundled();
    }

    public static AccessProfiles bundled() {
        try (InputStream in = AccessProfiles.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED_RESOURCE + " is missing from the function package");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUNDLED_RESOURCE, e);
        }
    }

    static AccessProfiles parse(String json, String source) {
        try {
            Map<String, AccessProfile> parsed = Json.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, AccessProfile>>() { });
            if (parsed == null || parsed.isEmpty()) {
                throw new IllegalStateException("access profiles from " + source + " define no profile");
            }
            return new AccessProfiles(parsed);
        } catch (IOException e) {
            throw new IllegalStateException("access profiles from " + source + " are not valid JSON of the documented shape");
        }
    }

    public Optional<AccessProfile> find(String name) {
        return Optional.ofNullable(name).map(profiles::get);
    }

    public Set<String> names() {
        return profiles.keySet();
    }

    /** Every group some profile names: the only groups the backend may ever add a user to. */
    public Set<String> allGroups() {
        Set<String> all = new LinkedHashSet<>();
        profiles.values().forEach(p -> all.addAll(p.groups));
        return all;
    }

    /** Every policy ARN some profile attaches directly: the only ones the backend may ever attach. */
    public Set<String> allPolicyArns() {
        Set<String> all = new LinkedHashSet<>();
        profiles.values().forEach(p -> all.addAll(p.policyArns));
        return all;
    }

    /** Every permissions boundary some profile sets. */
    public Set<String> allBoundaries() {
        Set<String> all = new LinkedHashSet<>();
        profiles.values().forEach(p -> {
            if (p.permissionsBoundaryArn != null) {
                all.add(p.permissionsBoundaryArn);
            }
        });
        return all;
    }
}
