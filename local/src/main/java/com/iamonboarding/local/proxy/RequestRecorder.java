package com.iamonboarding.local.proxy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** The most recent AWS requests that passed through the local Lambda endpoint, in memory only. */
public final class RequestRecorder {

    static final int CAPACITY = 20_000;

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();

    public synchronized void record(RecordedRequest request) {
        if (requests.size() == CAPACITY) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }

    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
        return all().stream().filter(filter).toList();
    }

    public List<RecordedRequest> withAction(String action) {
        return matching(r -> action.equals(r.action()));
    }

    public synchronized void clear() {
        requests.clear();
    }
}
