package com.iamonboarding.local.proxy.authz;

/** Node.js, or the evaluator's npm packages, are missing on this machine; the message says what to run. */
public class IamEvaluatorNotInstalledException extends IamEvaluatorException {

    public static final String INSTALL_COMMAND = "npm ci --prefix local/iam-evaluator";

    private IamEvaluatorNotInstalledException(String message) {
        super(message);
    }

    static IamEvaluatorNotInstalledException nodeMissing() {
        return new IamEvaluatorNotInstalledException("the local IAM evaluator needs Node.js 20 or newer, and `node` is not on PATH:"
                + " install it, then run `" + INSTALL_COMMAND + "` in the repository");
    }

    static IamEvaluatorNotInstalledException packagesMissing() {
        return new IamEvaluatorNotInstalledException("the local IAM evaluator's npm packages are not installed:"
                + " run `" + INSTALL_COMMAND + "` in the repository");
    }
}
