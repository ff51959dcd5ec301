package com.iamonboarding.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.Json;
import com.iamonboarding.model.OnboardingRequest;
import com.iamonboarding.model.OnboardingState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.VerifyMacRequest;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;

@ExtendWith(MockitoExtension.class)
class InputSealTest {

    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/seal-key";
    private static final Instant NOW = Instant.parse("2027-01-15T09:00:00.750Z");
    private static final String ID = "onb-0123456789abcdef0123456789abcdef";

    @Mock
    KmsClient kms;
    @Captor
    ArgumentCaptor<GenerateMacRequest> made;
    @Captor
    ArgumentCaptor<VerifyMacRequest> checked;

    private InputSeal seal() {
        return new InputSeal(kms, KEY_ARN, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static OnboardingRequest request() {
        OnboardingRequest request = new OnboardingRequest();
        request.employeeId = "E-1";
        request.userName = "ann.lee";
        request.email = "ann.lee@example.com";
        request.accessProfile = "developer";
        request.handover = OnboardingRequest.OPERATOR;
        return request;
    }

    @Test
    void theSealedInputIsTheIdTheRequestAndTheSealInThatOrder() {
        when(kms.generateMac(made.capture())).thenReturn(GenerateMacResponse.builder().mac(SdkBytes.fromUtf8String("the-mac")).build());
        OnboardingRequest request = request();

        Map<String, Object> input = seal().sealedInput("onboarding", ID, request);

        assertEquals(List.of("onboardingId", "request", "seal"), List.copyOf(input.keySet()));
        assertEquals(ID, input.get("onboardingId"));
        assertEquals(request, input.get("request"));
        assertEquals(new Seal("2027-01-15T09:00:00Z", "dGhlLW1hYw=="), input.get("seal"), "issued at the second; the MAC in base64");
        GenerateMacRequest mac = made.getValue();
        assertEquals(KEY_ARN, mac.keyId());
        assertEquals(MacAlgorithmSpec.HMAC_SHA_256, mac.macAlgorithm());
        String[] lines = mac.message().asString(StandardCharsets.UTF_8).split("\n");
        assertEquals(List.of("iam-onboarding-seal-v1", "onboarding", ID, "2027-01-15T09:00:00Z"), List.of(lines).subList(0, 4));
        assertEquals(5, lines.length);
    }

    @Test
    void anOffboardingsInputIsKeyedOffboardingId() {
        when(kms.generateMac(any(GenerateMacRequest.class))).thenReturn(GenerateMacResponse.builder().mac(SdkBytes.fromUtf8String("m")).build());

        Map<String, Object> input = seal().sealedInput("offboarding", "off-1", Map.of("userName", "cat.fox"));

        assertEquals(List.of("offboardingId", "request", "seal"), List.copyOf(input.keySet()));
    }

    @Test
    void whatTheApiOrABatchStartsWithIsWhatTheStepsVerify() throws Exception {
        when(kms.generateMac(made.capture())).thenReturn(GenerateMacResponse.builder().mac(SdkBytes.fromUtf8String("the-mac")).build());
        when(kms.verifyMac(checked.capture())).thenReturn(VerifyMacResponse.builder().macValid(true).build());

        // The input travels as JSON (the execution input, or a batch's rows.json) and a step reads it back.
        JsonNode travelled = Json.MAPPER.readTree(Json.write(seal().sealedInput("onboarding", ID, request())));
        OnboardingState state = Json.MAPPER.treeToValue(travelled, OnboardingState.class);
        seal().verify("onboarding", state);

        assertEquals(made.getValue().message(), checked.getValue().message(), "the step checks the very message that was sealed");
        assertEquals(SdkBytes.fromUtf8String("the-mac"), checked.getValue().mac());
        verifyNoMoreInteractions(kms);
    }

    @Test
    void aThrottledKmsPropagatesForTheCallerToClassify() {
        KmsException throttled = (KmsException) KmsException.builder().statusCode(400).message("Rate exceeded")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build();
        when(kms.generateMac(any(GenerateMacRequest.class))).thenThrow(throttled);

        KmsException e = assertThrows(KmsException.class, () -> seal().sealedInput("onboarding", ID, request()));

        assertEquals(com.iamonboarding.common.ThrottledStepException.class, com.iamonboarding.common.AwsErrors.classify("kms:GenerateMac", e).getClass());
    }
}
