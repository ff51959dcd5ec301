package com.iamonboarding.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.local.template.FunctionDef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Map;

/**
 * One function of the template, run in process like one warm Lambda container: its handler is
 * built once, through its public {@code (FunctionEnvironment)} constructor, with the function's
 * environment; invocations run one at a time, as a container serves them.
 */
public final class LocalFunction {

    private final FunctionDef definition;
    private final String name;
    private final String arn;
    private final String roleArn;
    private final Map<String, String> environment;
    private RequestStreamHandler handler;

    public LocalFunction(FunctionDef definition, String name, String arn, String roleArn, Map<String, String> environment) {
        this.definition = definition;
        this.name = name;
        this.arn = arn;
        this.roleArn = roleArn;
        this.environment = Map.copyOf(environment);
    }

    public String logicalId() {
        return definition.logicalId();
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    /** The role the function runs as (the ARN its credentials stand for). */
    public String roleArn() {
        return roleArn;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The type the handler reads its event as (a workflow state, a proxy event), or Object for another handler. */
    public synchronized Class<?> inputType() throws Throwable {
        return handler() instanceof com.iamonboarding.common.JsonHandler<?, ?> json ? json.inputType() : Object.class;
    }

    /** Runs the handler; a Throwable it throws (or its constructor threw) is the function's error. */
    synchronized byte[] invoke(byte[] payload) throws Throwable {
        RequestStreamHandler instance = handler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        instance.handleRequest(new ByteArrayInputStream(payload), out,
                new LocalContext(name, arn, definition.memoryMb(), Duration.ofSeconds(definition.timeoutSeconds())));
        return out.toByteArray();
    }

    private RequestStreamHandler handler() throws Throwable {
        if (handler == null) {
            Class<?> type = Class.forName(definition.handlerClass(), true, LocalFunction.class.getClassLoader());
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException(definition.handlerClass() + " is not a RequestStreamHandler");
            }
            Constructor<?> constructor = type.getConstructor(FunctionEnvironment.class);
            try {
                handler = (RequestStreamHandler) constructor.newInstance(new FunctionEnvironment(environment));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
        return handler;
    }
}
