package com.iamonboarding.offboarding.api;

import com.iamonboarding.common.AwsErrors;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Finds the user a request names, as the API's role sees it. The role may read only users under
 * USER_PATH, so IAM answers AccessDenied for anyone else (and may do so for a name that does not
 * exist at all): that is {@link Hidden}, never a guess about existence. Other SDK errors propagate
 * to the handler.
 */
public class UserLookup {

    /** The user, or the reason there is none to show. */
    public sealed interface Result permits Missing, Hidden, Found {
    }

    /** IAM says there is no such user. */
    public record Missing() implements Result {
    }

    /** IAM refused to show the user to this role: it is outside USER_PATH, or possibly does not exist. */
    public record Hidden() implements Result {
    }

    public record Found(String userId, String path, Map<String, String> tags) implements Result {
    }

    private final IamClient iam;

    public UserLookup(IamClient iam) {
        this.iam = iam;
    }

    public Result find(String userName) {
        try {
            User user = iam.getUser(b -> b.userName(userName)).user();
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tag tag : iam.listUserTags(b -> b.userName(userName)).tags()) {
                tags.put(tag.key(), tag.value());
            }
            return new Found(user.userId(), user.path(), tags);
        } catch (NoSuchEntityException e) {
            return new Missing();
        } catch (AwsServiceException e) {
            if (AwsErrors.isAccessDenied(e)) {
                return new Hidden();
            }
            throw e;
        }
    }
}
