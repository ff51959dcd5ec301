package com.iamonboarding.enrolment;

import static org.mockito.Mockito.RETURNS_DEFAULTS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import java.lang.reflect.Method;
import java.util.function.Consumer;
import org.mockito.invocation.InvocationOnMock;
import org.mockito.quality.Strictness;
import software.amazon.awssdk.core.SdkResponse;

/**
 * Mocks of SDK v2 clients whose convenience forms ({@code iam.enableMFADevice(b -> ...)}, and the
 * no-argument {@code iam.getAccountPasswordPolicy()}) run the interface's own default method, which
 * builds the request and calls the request-object form. So a test stubs and captures the request
 * objects the code really sends, whichever form the code uses.
 *
 * <p>Lenient, necessarily: strict stubs compare by method name, so the builder-form call that
 * precedes every request-form call (same name, other overload) would count as an argument mismatch
 * of the request-form stub. The tests verify every call they rely on instead.
 */
final class SdkMocks {

    private SdkMocks() {
    }

    static <T> T client(Class<T> type) {
        return mock(type, withSettings().strictness(Strictness.LENIENT).defaultAnswer(SdkMocks::answer));
    }

    private static Object answer(InvocationOnMock invocation) throws Throwable {
        Method method = invocation.getMethod();
        Class<?>[] parameters = method.getParameterTypes();
        boolean builderForm = parameters.length == 1 && Consumer.class.equals(parameters[0]);
        boolean noArgumentForm = parameters.length == 0 && SdkResponse.class.isAssignableFrom(method.getReturnType());
        if (method.isDefault() && (builderForm || noArgumentForm)) {
            return invocation.callRealMethod();
        }
        return RETURNS_DEFAULTS.answer(invocation);
    }
}
