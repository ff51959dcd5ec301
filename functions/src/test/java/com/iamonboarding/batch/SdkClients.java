package com.iamonboarding.batch;

import static org.mockito.Mockito.RETURNS_DEFAULTS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.mockito.invocation.InvocationOnMock;
import org.mockito.quality.Strictness;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Mocks of SDK v2 clients whose builder forms ({@code s3.headObject(b -> ...)}, {@code
 * s3.putObject(b -> ..., body)}, {@code iam.getUser(b -> ...)}) run the interface's own default
 * method, which builds the request and calls the request-object form: a test stubs and captures
 * the request objects the code really sends. Lenient, like enrolment's SdkMocks (strict stubs would
 * count the builder-form call as an argument mismatch of the request-form stub): the tests verify
 * every call they rely on instead.
 */
final class SdkClients {

    private SdkClients() {
    }

    static <T> T mockClient(Class<T> type) {
        return mock(type, withSettings().strictness(Strictness.LENIENT).defaultAnswer(SdkClients::answer));
    }

    /** What a captured PutObject body holds, as UTF-8 text. */
    static String text(RequestBody body) {
        try (InputStream in = body.contentStreamProvider().newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object answer(InvocationOnMock invocation) throws Throwable {
        Method method = invocation.getMethod();
        Class<?>[] parameters = method.getParameterTypes();
        if (method.isDefault() && parameters.length >= 1 && Consumer.class.equals(parameters[0])) {
            return invocation.callRealMethod();
        }
        return RETURNS_DEFAULTS.answer(invocation);
    }
}
