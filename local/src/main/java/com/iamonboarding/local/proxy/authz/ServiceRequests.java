package com.iamonboarding.local.proxy.authz;

import com.iamonboarding.local.proxy.RecordedRequest;
import java.util.List;

/** The authorisations of one service's requests. */
interface ServiceRequests {

    /** @throws CannotMap for an action it does not know or a request it cannot read */
    List<Authorization> map(RecordedRequest request, Scope scope);

    static CannotMap unknown(RecordedRequest request) {
        return new CannotMap("no IAM authorisation is mapped for " + request);
    }
}
