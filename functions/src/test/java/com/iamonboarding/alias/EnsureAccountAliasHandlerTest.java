package com.iamonboarding.alias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.iamonboarding.common.PermanentStepException;
import com.iamonboarding.testsupport.HandlerRuns;
import com.iamonboarding.testsupport.Seals;
import com.iamonboarding.testsupport.Statuses;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListAccountAliasesResponse;

@ExtendWith(MockitoExtension.class)
class EnsureAccountAliasHandlerTest {

    @Mock
    IamClient iam;

    @Test
    void answersTheAliasAndSignInUrl() throws Exception {
        when(iam.listAccountAliases()).thenReturn(ListAccountAliasesResponse.builder().accountAliases("example-corp").build());

        JsonNode out = HandlerRuns.run(new EnsureAccountAliasHandler(new AccountAliasService(iam), "example-corp", Seals.accepting(), Statuses.empty()),
                "state-developer.json");

        assertEquals("example-corp", out.get("accountAlias").asText());
        assertEquals("https://example-corp.signin.aws.amazon.com/console", out.get("signInUrl").asText());
        assertEquals(false, out.get("created").asBoolean());
    }

    @Test
    void anEventThatIsNotJsonIsAPermanentErrorThatDoesNotQuoteIt() {
        PermanentStepException e = assertThrows(PermanentStepException.class, () -> HandlerRuns.run(
                new EnsureAccountAliasHandler(new AccountAliasService(iam), "example-corp", Seals.accepting(), Statuses.empty()),
                "{\"request\": hunter2".getBytes(StandardCharsets.UTF_8)));
        assertEquals("the event is not a valid OnboardingState", e.getMessage());
    }
}
