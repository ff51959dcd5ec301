package com.iamonboarding.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.iamonboarding.common.FunctionEnvironment;
import com.iamonboarding.local.template.FunctionDef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * One function of the template, run in process the way Lambda runs it: each execution environment
 * is one handler instance, built through its public {@code (FunctionEnvironment)} constructor with
 * the function's environment, and serves one invocation at a time; invocations that arrive while
 * every environment is busy get a new one (up to {@link #MAX_ENVIRONMENTS}, then they wait), as
 * Lambda scales a function out. So handlers need not be thread-safe, and concurrent invocations
 * of one function (parallel branches, many onboardings at once) really run side by side.
 */
public final class LocalFunction {

    private final FunctionDef definition;
    private final String name;
    private final String arn;
    private final String roleArn;
    private final Map<String, String> environment;
    /** Far below Lambda's account concurrency, but more than two cores ever keep busy. */
    static final int MAX_ENVIRONMENTS = 16;

    private final Deque<RequestStreamHandler> idle = new ArrayDeque<>();
    private final Semaphore environments = new Semaphore(MAX_ENVIRONMENTS);

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
    /** The class named in the function's Handler. */
    public String handlerClass() {
        return definition.handlerClass();
    }

    public String roleArn() {
        return roleArn;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The type the handler reads its event as (a workflow state, a proxy event), or Object for another handler. */
    public Class<?> inputType() throws Throwable {
        RequestStreamHandler instance = take();
        try {
            return instance instanceof com.iamonboarding.common.JsonHandler<?, ?> json ? json.inputType() : Object.class;
        } finally {
            giveBack(instance);
        }
    }

    /** Runs the handler in an idle environment (or a new one); a Throwable it or its constructor throws is the function's error. */
    byte[] invoke(byte[] payload) throws Throwable {
        RequestStreamHandler instance = take();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            instance.handleRequest(new ByteArrayInputStream(payload), out,
                    new LocalContext(name, arn, definition.memoryMb(), Duration.ofSeconds(definition.timeoutSeconds())));
            return out.toByteArray();
        } finally {
            giveBack(instance);
        }
    }

    private RequestStreamHandler take() throws Throwable {
        environments.acquireUninterruptibly();
        synchronized (idle) {
            if (!idle.isEmpty()) {
                return idle.pop();
            }
        }
        try {
            return newEnvironment();
        } catch (Throwable e) {
            environments.release();
            throw e;
        }
    }

    private void giveBack(RequestStreamHandler instance) {
        synchronized (idle) {
            idle.push(instance);
        }
        environments.release();
    }

    private RequestStreamHandler newEnvironment() throws Throwable {
        Class<?> type = Class.forName(definition.handlerClass(), true, LocalFunction.class.getClassLoader());
        if (!RequestStreamHandler.class.isAssignableFrom(type)) {
            throw new IllegalStateException(definition.handlerClass() + " is not a RequestStreamHandler");
        }
        Constructor<?> constructor = type.getConstructor(FunctionEnvironment.class);
        try {
            return (RequestStreamHandler) constructor.newInstance(new FunctionEnvironment(environment));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
