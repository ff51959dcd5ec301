#!/usr/bin/env python3
"""Load for the local API (bench/start-api.sh): onboardings one by one and many at once, their
critical path, and status reads per second. Standard library only; prints one JSON object."""
import concurrent.futures
import json
import statistics
import sys
import time
import urllib.request
import uuid

API = sys.argv[1].rstrip("/")
SEQUENTIAL = int(sys.argv[2]) if len(sys.argv) > 2 else 10
CONCURRENT = int(sys.argv[3]) if len(sys.argv) > 3 else 20
READ_SECONDS = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
READERS = 8


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(API + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def request(name):
    return {"employeeId": "E-" + name[-6:], "userName": name, "email": name + "@example.com", "displayName": "Bench " + name,
            "department": "Bench", "accessProfile": "developer", "consoleAccess": True, "programmaticAccess": True,
            "handover": "OPERATOR"}


def onboard():
    """POST, then poll the status until it ends: wall time, and the workflow's own start-to-stop."""
    name = "bench-" + uuid.uuid4().hex[:12]
    started = time.monotonic()
    accepted = call("POST", "/onboardings", request(name))
    path = "/onboardings/" + accepted["onboardingId"]
    while True:
        status = call("GET", path)
        if status["status"] != "RUNNING":
            break
        time.sleep(0.05)
    wall = time.monotonic() - started
    if status["status"] != "SUCCEEDED":
        raise SystemExit("onboarding %s ended %s: %s" % (name, status["status"], json.dumps(status)))
    workflow = (parse(status["stoppedAt"]) - parse(status["startedAt"]))
    return wall, workflow, accepted["onboardingId"]


def parse(instant):
    from datetime import datetime
    return datetime.fromisoformat(instant.replace("Z", "+00:00")).timestamp()


def main():
    onboard()  # warm-up: the first invocation of every handler builds its clients
    walls, workflows, ids = [], [], []
    begin = time.monotonic()
    for _ in range(SEQUENTIAL):
        wall, workflow, onboarding_id = onboard()
        walls.append(wall)
        workflows.append(workflow)
        ids.append(onboarding_id)
    sequential_rate = SEQUENTIAL / (time.monotonic() - begin) * 60

    begin = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(CONCURRENT) as pool:
        results = list(pool.map(lambda _: onboard(), range(CONCURRENT)))
    concurrent_rate = CONCURRENT / (time.monotonic() - begin) * 60

    reads = 0
    deadline = time.monotonic() + READ_SECONDS

    def reader(index):
        count = 0
        while time.monotonic() < deadline:
            call("GET", "/onboardings/" + ids[(index + count) % len(ids)])
            count += 1
        return count

    begin = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(READERS) as pool:
        reads = sum(pool.map(reader, range(READERS)))
    reads_per_second = reads / (time.monotonic() - begin)

    print(json.dumps({
        "sequential": {"onboardings": SEQUENTIAL, "perMinute": round(sequential_rate, 1),
                       "medianWallSeconds": round(statistics.median(walls), 2),
                       "medianWorkflowSeconds": round(statistics.median(workflows), 2)},
        "concurrent": {"onboardings": CONCURRENT, "perMinute": round(concurrent_rate, 1),
                       "medianWorkflowSeconds": round(statistics.median(r[1] for r in results), 2)},
        "statusReads": {"readers": READERS, "perSecond": round(reads_per_second, 1)},
    }))


if __name__ == "__main__":
    main()
