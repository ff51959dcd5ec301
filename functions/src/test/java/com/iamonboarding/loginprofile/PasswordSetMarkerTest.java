package com.iamonboarding.loginprofile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.iamonboarding.common.RetryableStepException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceRequest;
import software.amazon.awssdk.services.secretsmanager.model.TagResourceResponse;

@ExtendWith(MockitoExtension.class)
class PasswordSetMarkerTest {

    private static final String NAME = "iam-onboarding/jane.doe/console-password";
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + NAME + "-AbCdEf";
    private static final String CURRENT = "v-current";
    private static final String PREVIOUS = "v-previous";

    @Mock
    SecretsManagerClient secrets;

    private PasswordSetMarker marker() {
        return new PasswordSetMarker(secrets);
    }

    @Test
    void aMarkerOfThisOnboardingNamingTheCurrentVersionVouchesForThePassword() {
        describeAs(secret("onb-1", "onb-1:" + CURRENT, null));

        assertEquals(Optional.of(ARN), marker().passwordAlreadySet(NAME, "onb-1"));
    }

    @Test
    void aMarkerNamingAnOlderVersionDoesNot() {
        // A later attempt stored a new password and failed before IAM accepted it.
        describeAs(secret("onb-1", "onb-1:" + PREVIOUS, null));

        assertEquals(Optional.empty(), marker().passwordAlreadySet(NAME, "onb-1"));
    }

    @Test
    void theMarkerOfAnEarlierOnboardingOfTheSameUserNameDoesNot() {
        // A secret restored from deletion and claimed by onb-2, whose new value is not written yet.
        describeAs(secret("onb-2", "onb-1:" + CURRENT, null));

        assertEquals(Optional.empty(), marker().passwordAlreadySet(NAME, "onb-2"));
    }

    @Test
    void noMarkerNoSecretOrADeletedSecretVouchForNothing() {
        describeAs(secret("onb-1", null, null));
        assertEquals(Optional.empty(), marker().passwordAlreadySet(NAME, "onb-1"));

        describeAs(secret("onb-1", "onb-1:" + CURRENT, Instant.now()));
        assertEquals(Optional.empty(), marker().passwordAlreadySet(NAME, "onb-1"));

        when(secrets.describeSecret(any(DescribeSecretRequest.class))).thenThrow(
                (ResourceNotFoundException) ResourceNotFoundException.builder().statusCode(400).message("none").build());
        assertEquals(Optional.empty(), marker().passwordAlreadySet(NAME, "onb-1"));
    }

    @Test
    void markingTagsTheCurrentVersionWithTheOnboarding() {
        describeAs(secret("onb-1", null, null));
        when(secrets.tagResource(any(TagResourceRequest.class))).thenReturn(TagResourceResponse.builder().build());

        marker().markPasswordSet(NAME, "onb-1");

        ArgumentCaptor<TagResourceRequest> tagged = ArgumentCaptor.forClass(TagResourceRequest.class);
        verify(secrets).tagResource(tagged.capture());
        assertEquals(NAME, tagged.getValue().secretId());
        assertEquals(List.of(Tag.builder().key(PasswordSetMarker.TAG).value("onb-1:" + CURRENT).build()), tagged.getValue().tags());
    }

    @Test
    void throttlingIsRetryable() {
        when(secrets.describeSecret(any(DescribeSecretRequest.class))).thenThrow(SecretsManagerException.builder()
                .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build());

        assertThrows(RetryableStepException.class, () -> marker().passwordAlreadySet(NAME, "onb-1"));
    }

    private void describeAs(DescribeSecretResponse response) {
        when(secrets.describeSecret(any(DescribeSecretRequest.class))).thenReturn(response);
    }

    private static DescribeSecretResponse secret(String onboardingId, String marker, Instant deleted) {
        List<Tag> tags = new ArrayList<>(List.of(Tag.builder().key("OnboardingId").value(onboardingId).build()));
        if (marker != null) {
            tags.add(Tag.builder().key(PasswordSetMarker.TAG).value(marker).build());
        }
        return DescribeSecretResponse.builder().arn(ARN).name(NAME).deletedDate(deleted).tags(tags)
                .versionIdsToStages(Map.of(CURRENT, List.of("AWSCURRENT"), PREVIOUS, List.of("AWSPREVIOUS"))).build();
    }
}
