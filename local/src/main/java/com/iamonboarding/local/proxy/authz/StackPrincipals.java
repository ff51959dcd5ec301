package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.lambda.FunctionRegistry;
import com.iamonboarding.local.lambda.LocalFunction;
import com.iamonboarding.local.proxy.RecordedRequest;
import com.iamonboarding.local.template.Intrinsics;
import com.iamonboarding.local.template.StateMachineDef;
import com.iamonboarding.local.template.TemplateModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who signed a request, from its access key id: a function (each signs as its own role, with the
 * credentials the local stack gives it), moto's state machine engine (which signs every call of
 * every state machine with one key; the function or state machine the call is about tells whose
 * role it is), or the local stack itself and its tests with the emulator's key (the deployer and
 * the test harness, not part of the application: not authorised). Tests and {@code bin/local}
 * may also {@link #actAs} any other principal (a hire, a colleague, an operator's role): requests
 * signed with the key it hands out are authorised as that principal's.
 */
public final class StackPrincipals {

    /** The key moto's ASL engine signs its calls with (moto/stepfunctions/parser/asl/utils/boto_client.py). */
    static final String STATE_MACHINE_ENGINE_KEY = "ak";

    /** Whose request it is. */
    public sealed interface Principal permits Harness, Known, Unknown {
    }

    /** The emulator's own key: the stack's provisioning and the tests' inspection. */
    public record Harness() implements Principal {
    }

    public record Known(Caller caller) implements Principal {
    }

    public record Unknown(String reason) implements Principal {
    }

    private final FunctionRegistry functions;
    private final Set<String> harnessKeys;
    /** State machine role -> the names of the functions its definition invokes. */
    private final Map<String, List<String>> machineFunctions = new LinkedHashMap<>();
    private final Map<String, String> machineNames = new LinkedHashMap<>();
    /** State machine role -> the service integrations its definition uses ("states", "s3": the prefix after arn:aws:states:::). */
    private final Map<String, Set<String>> machineIntegrations = new LinkedHashMap<>();
    private final Map<String, Caller> actors = new ConcurrentHashMap<>();
    private final AtomicLong nextActor = new AtomicLong();

    public StackPrincipals(FunctionRegistry functions, TemplateModel template, Intrinsics intrinsics, Set<String> harnessKeys) {
        this.functions = functions;
        this.harnessKeys = Set.copyOf(harnessKeys);
        for (StateMachineDef machine : template.stateMachines()) {
            List<String> invoked = new ArrayList<>();
            intrinsics.resolveStrings(machine.substitutions()).values()
                    .forEach(arn -> functions.find(arn).map(LocalFunction::name).ifPresent(invoked::add));
            String role = intrinsics.roleArn(machine.logicalId());
            machineFunctions.put(role, invoked);
            machineNames.put(role, intrinsics.stateMachineName(machine.logicalId()));
            machineIntegrations.put(role, integrations(machine));
        }
    }

    public Principal of(RecordedRequest request) {
        String key = request.accessKeyId();
        if (key == null) {
            return new Unknown("the request is not signed");
        }
        if (harnessKeys.contains(key)) {
            return new Harness();
        }
        Optional<LocalFunction> function = functions.byAccessKeyId(key);
        if (function.isPresent()) {
            return new Known(Caller.roleSession(function.get().roleArn(), function.get().name()));
        }
        if (STATE_MACHINE_ENGINE_KEY.equals(key)) {
            return stateMachine(request);
        }
        Caller actor = actors.get(key);
        if (actor != null) {
            return new Known(actor);
        }
        return new Unknown("no function of the stack signs with the access key " + key);
    }

    /** An access key id whose requests are authorised as {@code caller}'s (any secret key goes with it). */
    public String actAs(Caller caller) {
        String key = String.format("LOCALACTOR%010X", nextActor.incrementAndGet());
        actors.put(key, caller);
        return key;
    }

    /** A call of moto's engine: the state machine whose definition invokes the function it calls. */
    private Principal stateMachine(RecordedRequest request) {
        if (!"lambda".equals(request.service())) {
            return integrationCall(request);
        }
        if (request.parameter("FunctionName") == null) {
            return new Unknown("a Lambda call of the state machine engine that names no function: " + request);
        }
        Optional<String> name = functions.find(request.parameter("FunctionName")).map(LocalFunction::name);
        List<String> roles = machineFunctions.entrySet().stream()
                .filter(e -> name.isPresent() && e.getValue().contains(name.get())).map(Map.Entry::getKey).toList();
        if (roles.size() != 1) {
            return new Unknown("no single state machine of the stack invokes " + request.parameter("FunctionName"));
        }
        return new Known(Caller.roleSession(roles.get(0), machineNames.get(roles.get(0))));
    }

    /**
     * A call of a service integration (a child execution started and followed, a Distributed Map's
     * ItemReader): the one state machine whose definition uses that service's integrations.
     */
    private Principal integrationCall(RecordedRequest request) {
        String integration = "stepfunctions".equals(request.service()) || "states".equals(request.service()) ? "states" : request.service();
        List<String> roles = machineIntegrations.entrySet().stream().filter(e -> e.getValue().contains(integration))
                .map(Map.Entry::getKey).toList();
        if (roles.size() != 1) {
            return new Unknown("no single state machine of the stack uses the " + integration + " integration: " + request);
        }
        return new Known(Caller.roleSession(roles.get(0), machineNames.get(roles.get(0))));
    }

    /** The services of the optimized integrations a definition's Resource fields name (arn:aws:states:::<service>:<action>). */
    static Set<String> integrations(StateMachineDef machine) {
        Set<String> found = new java.util.TreeSet<>();
        try {
            com.fasterxml.jackson.databind.JsonNode definition = machine.definitionFile() != null
                    ? com.iamonboarding.common.Json.MAPPER.readTree(machine.definitionFile().toFile())
                    : com.iamonboarding.common.Json.MAPPER.valueToTree(machine.inlineDefinition());
            collect(definition, found);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the definition of " + machine.logicalId(), e);
        }
        return found;
    }

    private static void collect(com.fasterxml.jackson.databind.JsonNode node, Set<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String text = field.getValue().asText("");
                if (field.getKey().equals("Resource") && text.startsWith("arn:aws:states:::")) {
                    String rest = text.substring("arn:aws:states:::".length());
                    int colon = rest.indexOf(':');
                    found.add(colon < 0 ? rest : rest.substring(0, colon));
                }
                collect(field.getValue(), found);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, found));
        }
    }
}
