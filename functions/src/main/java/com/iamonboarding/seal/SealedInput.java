package com.iamonboarding.seal;

/**
 * A workflow state that carries the API's seal: the id and the request the seal covers. Everything
 * else in the state is what earlier steps added, which the steps check against IAM instead.
 */
public interface SealedInput {

    /** The onboarding or offboarding id the seal was made for. */
    String sealedId();

    /** The request as the API started the execution with it. */
    Object sealedRequest();

    Seal seal();
}
