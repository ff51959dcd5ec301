package com.iamonboarding.offboarding;

/**
 * DISABLE (the default) takes every credential and permission away but keeps the user, tagged, for
 * audit; DELETE does the same and then deletes the user, its MFA devices, secrets and QR codes.
 */
public enum OffboardingMode {
    DISABLE,
    DELETE
}
