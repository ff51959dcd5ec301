package com.iamonboarding.testsupport;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import com.iamonboarding.model.OnboardingState;
import com.iamonboarding.offboarding.OffboardingState;
import com.iamonboarding.seal.InputSeal;
import com.iamonboarding.seal.Seal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.kms.model.VerifyMacRequest;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;

/**
 * Seals for the tests of what a step does once its input is known to come from the API. The seal's
 * own rules are tested in InputSealTest; here KMS accepts every MAC, and the clock stands at the
 * time the fixtures' seals were made.
 */
public final class Seals {

    public static final Instant SEALED_AT = Instant.parse("2026-06-01T12:00:00Z");
    public static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/seal-key";
    /** What the test events under src/test/resources/events carry. */
    public static final Seal VALID = new Seal(SEALED_AT.toString(), "c2VhbGVkIGJ5IHRoZSBBUEk=");

    private Seals() {
    }

    /** An InputSeal over a KMS that accepts every MAC and makes a fixed one. */
    public static InputSeal accepting() {
        KmsClient kms = mock(KmsClient.class);
        lenient().when(kms.verifyMac(any(VerifyMacRequest.class))).thenReturn(VerifyMacResponse.builder().macValid(true).build());
        lenient().when(kms.generateMac(any(GenerateMacRequest.class)))
                .thenReturn(GenerateMacResponse.builder().mac(SdkBytes.fromUtf8String("sealed by the API")).build());
        return new InputSeal(kms, KEY_ARN, Clock.fixed(SEALED_AT, ZoneOffset.UTC));
    }

    public static OnboardingState sealed(OnboardingState state) {
        state.seal = VALID;
        return state;
    }

    public static OffboardingState sealed(OffboardingState state) {
        state.seal = VALID;
        return state;
    }

    /** The seal as JSON, for events written as text: {@code "seal": <this>}. */
    public static String json() {
        return "{\"issuedAt\":\"" + VALID.issuedAt() + "\",\"mac\":\"" + VALID.mac() + "\"}";
    }
}
