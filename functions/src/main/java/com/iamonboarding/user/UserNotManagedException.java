package com.iamonboarding.user;

import com.iamonboarding.common.PermanentStepException;

/**
 * The user name belongs to a user iam-onboarding does not manage: outside UserPath, without the
 * ManagedBy tag, or invisible to the step's role (IAM answers AccessDenied for users outside the
 * path). Nothing of it is touched, and a rollback has nothing of this onboarding to remove.
 */
public class UserNotManagedException extends PermanentStepException {
    public UserNotManagedException(String message) {
        super(message);
    }
}
