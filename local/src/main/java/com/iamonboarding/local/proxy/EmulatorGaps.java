package com.iamonboarding.local.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers for AWS actions the emulator does not implement, used only when it fails to answer them.
 * moto 5.2.1 has no iam:ListServiceSpecificCredentials (it answers HTTP 500 with an HTML page); it
 * cannot create such credentials either, so "none" is the true answer on the emulator.
 */
final class EmulatorGaps {

    private static final String IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    /** Action -> the empty result element of its query-protocol answer. */
    private static final Map<String, String> EMPTY_IAM_LISTS = Map.of(
            "ListServiceSpecificCredentials", "<ServiceSpecificCredentials/>");

    private EmulatorGaps() {
    }

    static Optional<byte[]> answer(RecordedRequest request, int emulatorStatus) {
        String result = EMPTY_IAM_LISTS.get(request.action());
        if (result == null || emulatorStatus < 400 || !"iam".equals(request.service())) {
            return Optional.empty();
        }
        String action = request.action();
        String xml = "<" + action + "Response xmlns=\"" + IAM_NAMESPACE + "\"><" + action + "Result>" + result
                + "</" + action + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></" + action + "Response>";
        return Optional.of(xml.getBytes(StandardCharsets.UTF_8));
    }
}
