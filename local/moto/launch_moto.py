"""Starts moto_server for the local stack, with the fix for a known moto bug applied when needed.

Usage: python3 launch_moto.py [--warm SERVICE,... REGION] [moto_server arguments, e.g. -H 127.0.0.1 -p 5000]

The bug: under {"stepfunctions": {"execute_state_machine": true}}, the second StartExecution of
the same state machine answers HTTP 500 "cannot pickle '_thread.RLock' object".
StepFunctionsParserBackend.start_execution snapshots the state machine with copy.deepcopy, and
after a first run its `executions` list holds a live worker thread with an RLock, which deepcopy
cannot copy. Reported as https://github.com/getmoto/moto/issues/10077 and fixed upstream by
https://github.com/getmoto/moto/pull/10093, which seeds the deepcopy memo so that the clone gets
an empty `executions` list instead of a copy of the live one. This script applies the same fix to
an installed moto that predates it, and leaves a fixed moto alone.

The same deepcopy also follows `state_machine.backend` into every other state machine of the
account, so starting machine B after machine A has run fails the same way (seen with moto 5.2.1).
Where start_execution does not already keep the backend out of the copy, the clone shares the live
backend: the snapshot is of one machine's definition, not of the whole account.

A third gap, in moto's port of LocalStack's ASL interpreter: the `states:startExecution`
integration (and its `.sync` / `.sync:2` forms) passes the state's parameters to boto3 as the ASL
spells them (`StateMachineArn`, `Name`, `Input`) and reads boto3's answer as if ASL-cased
(`ExecutionArn`), because the port dropped the interpreter's request and response normalisation
(LocalStack's StateTaskService._normalise_parameters/_normalise_response map the names through
the service's botocore shapes). Every such task then fails with States.Runtime "'StateMachineArn'"
(moto 5.2.1). Where the sfn integration lacks that mapping, it is restored for that integration
only, with the botocore shapes of Step Functions, as LocalStack does it.

A fourth, of speed only: moto's interpreter parses a JSONPath (InputPath, Parameters' `.$` fields,
ResultSelector, ResultPath, OutputPath, a Choice's Variable) each time it evaluates one, and
jsonpath-ng builds a new parser for every parse, about 10 ms each on one core and several times
that while parallel branches contend for the GIL: a good third of an onboarding's workflow time.
Where `parse` is not already memoised, one parse per distinct path is kept and shared. Likewise
every execution lexes and parses its state machine's whole definition with the ANTLR grammar again
(75-120 ms for the onboarding workflow, on the critical path of every execution and every batch
row): the parse tree of each definition is kept, and only the evaluation components, which hold an
execution's state, are built anew from it.

With --warm, it also sends one harmless request to each service the stack uses as soon as the
server listens, and prints "launch_moto: warm" when all have been answered: moto builds a
service's backend and its routes on the first request to it (about 0.6 s each, mostly Python
imports), which would otherwise land on the stack's first requests. The requests are reads
(List*, GetCallerIdentity), in the stack's account and region.

Exit code 3 with a one-line message on stderr when moto (with its server extra) is not installed.
"""

import collections
import copy
import datetime
import functools
import importlib
import importlib.util
import inspect
import socket
import sys
import threading
import time
import urllib.request

INSTALL_HINT = 'moto_server is not installed: pip install "moto[server]"'
NOT_INSTALLED_EXIT_CODE = 3


def _defer_package_init(name):
    """Registers package `name` without running its __init__, which runs on first use of an
    attribute of the package itself; its submodules import as usual. Leaves an imported or missing
    package alone. True when deferred."""
    if name in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    if spec is None or spec.submodule_search_locations is None or spec.loader is None:
        return False
    package = importlib.util.module_from_spec(spec)
    initialised = []

    def __getattr__(attribute):
        if not initialised:
            initialised.append(True)
            spec.loader.exec_module(package)
            if attribute in package.__dict__:
                return package.__dict__[attribute]
        raise AttributeError("module %r has no attribute %r" % (name, attribute))

    package.__getattr__ = __getattr__
    sys.modules[name] = package
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(importlib.import_module(parent), child, package)
    return True


def _import_moto():
    # The interpreter's AWS Batch integration needs only the JobStatus enum of moto.batch.utils, but
    # importing it runs moto/batch/__init__.py, which imports moto's whole EC2 emulation: half a
    # second of the emulator's start, for a service the stack never calls.
    _defer_package_init("moto.batch")
    try:
        import moto.server  # noqa: F401  (needs flask and werkzeug: the "server" extra)
        from moto.stepfunctions.parser import models as parser_models
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        sys.exit(NOT_INSTALLED_EXIT_CODE)
    return moto.server, parser_models


def _start_execution_source(parser_models):
    try:
        return inspect.getsource(parser_models.StepFunctionsParserBackend.start_execution)
    except (OSError, TypeError, AttributeError):
        return ""


def needs_executions_deepcopy_fix(parser_models):
    """True when start_execution deep-copies the state machine without a memo (moto#10077)."""
    source = _start_execution_source(parser_models)
    return "copy.deepcopy(state_machine)" in source and "memo" not in source


def needs_backend_deepcopy_fix(parser_models):
    """True when start_execution's deepcopy of the state machine would also copy the account's backend."""
    source = _start_execution_source(parser_models)
    return "copy.deepcopy(state_machine" in source and "backend" not in source


class _SnapshotCopy:
    """Stands in for the `copy` module inside moto's parser models: the same functions, except that
    a deepcopy of a state machine gets a fresh empty `executions` list (moto#10093) and keeps the
    live backend instead of copying it. Entries moto itself put in the memo are left as they are."""

    def __init__(self, state_machine_type):
        self._state_machine_type = state_machine_type

    def __getattr__(self, name):
        return getattr(copy, name)

    def deepcopy(self, value, memo=None):
        if isinstance(value, self._state_machine_type):
            memo = {} if memo is None else memo
            memo.setdefault(id(value.executions), [])
            backend = getattr(value, "backend", None)
            if backend is not None:
                memo.setdefault(id(backend), backend)
        return copy.deepcopy(value, memo)


def _sfn_integration_module():
    try:
        from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
            state_task_service as base_module,
            state_task_service_sfn as sfn_module,
        )
    except ImportError:
        return None, None
    return base_module, sfn_module


def needs_sfn_integration_fix():
    """True when the startExecution integration sends ASL-cased parameters to boto3 unmapped."""
    base_module, sfn_module = _sfn_integration_module()
    if sfn_module is None:
        return False
    try:
        source = inspect.getsource(base_module.StateTaskService._normalise_parameters)
    except (OSError, TypeError, AttributeError):
        return False
    return "_to_boto_request" not in source and hasattr(base_module.StateTaskService, "_to_boto_request")


def _apply_sfn_integration_fix():
    import botocore.session
    from botocore import xform_name

    base_module, sfn_module = _sfn_integration_module()
    service_model = botocore.session.get_session().get_service_model("stepfunctions")
    operations = {xform_name(name): service_model.operation_model(name) for name in service_model.operation_names}
    sfn_type = sfn_module.StateTaskServiceSfn
    own_normalise_parameters = sfn_type._normalise_parameters

    def _normalise_parameters(self, parameters, boto_service_name=None, service_action_name=None):
        own_normalise_parameters(self, parameters, boto_service_name=boto_service_name,
                                 service_action_name=service_action_name)
        operation = operations.get(self._get_boto_service_action(service_action_name))
        if operation is not None and operation.input_shape is not None:
            self._to_boto_request(parameters, operation.input_shape)

    def _normalise_response(self, response, boto_service_name=None, service_action_name=None):
        operation = operations.get(self._get_boto_service_action(service_action_name))
        if operation is not None and operation.output_shape is not None:
            self._from_boto_response(response, operation.output_shape)
        if isinstance(response, dict):
            # Step Functions states these timestamps as epoch milliseconds (StartDate, StopDate).
            for key, value in response.items():
                if isinstance(value, datetime.datetime):
                    response[key] = int(value.timestamp() * 1000)

    sfn_type._normalise_parameters = _normalise_parameters
    sfn_type._normalise_response = _normalise_response


def _jsonpath_modules():
    """moto's ASL modules that parse JSONPath with a module-level jsonpath-ng `parse`."""
    modules = []
    for name in ("moto.stepfunctions.parser.asl.utils.json_path",
                 "moto.stepfunctions.parser.asl.component.common.path.result_path"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if callable(getattr(module, "parse", None)):
            modules.append(module)
    return modules


def needs_jsonpath_memo():
    """True when moto's interpreter parses every JSONPath again each time it evaluates one."""
    return any(not hasattr(module.parse, "cache_info") for module in _jsonpath_modules())


def _apply_jsonpath_memo():
    # A parsed path is an immutable expression tree: find() and update_or_create() read it and
    # change only the data they are given, so one parse per distinct path serves every thread.
    for module in _jsonpath_modules():
        if not hasattr(module.parse, "cache_info"):
            module.parse = functools.lru_cache(maxsize=4096)(module.parse)


_ASL_TREES_KEPT = 256


def _asl_parser_type():
    try:
        from moto.stepfunctions.parser.asl.parse import asl_parser
    except ImportError:
        return None, None
    return asl_parser, getattr(asl_parser, "AmazonStateLanguageParser", None)


def needs_asl_parse_memo():
    """True when every execution lexes and parses its state machine's definition again."""
    module, parser_type = _asl_parser_type()
    if parser_type is None or not hasattr(module, "Preprocessor") or hasattr(parser_type.parse, "trees_kept"):
        return False
    try:
        source = inspect.getsource(parser_type.parse)
    except (OSError, TypeError):
        return False
    return "Preprocessor()" in source and "return program, tree" in source


def _apply_asl_parse_memo():
    # The parse tree is only read by the Preprocessor, which builds fresh evaluation components from
    # it for each execution; the components (which carry an execution's state) are never shared.
    module, parser_type = _asl_parser_type()
    parse_and_build = parser_type.parse
    trees = collections.OrderedDict()
    lock = threading.Lock()

    def parse(definition):
        with lock:
            tree = trees.get(definition)
            if tree is not None:
                trees.move_to_end(definition)
        if tree is None:
            program, tree = parse_and_build(definition)
            with lock:
                trees[definition] = tree
                while len(trees) > _ASL_TREES_KEPT:
                    trees.popitem(last=False)
            return program, tree
        return module.Preprocessor().visit(tree), tree

    parse.trees_kept = trees
    parser_type.parse = staticmethod(parse)


def apply_fixes(parser_models):
    applied = []
    if needs_executions_deepcopy_fix(parser_models):
        applied.append("getmoto/moto#10077")
    if needs_backend_deepcopy_fix(parser_models):
        applied.append("the deepcopy of the account's backend")
    if applied:
        parser_models.copy = _SnapshotCopy(parser_models.StateMachine)
    if needs_sfn_integration_fix():
        _apply_sfn_integration_fix()
        applied.append("the startExecution integration's parameter names")
    if needs_jsonpath_memo():
        _apply_jsonpath_memo()
        applied.append("JSONPath parsing memoised")
    if needs_asl_parse_memo():
        _apply_asl_parse_memo()
        applied.append("definition parse trees kept")
    return applied


# service name in the credential scope -> (target header or None, body or query) of a read
WARM_REQUESTS = {
    "iam": (None, "Action=ListAccountAliases&Version=2010-05-08"),
    "sts": (None, "Action=GetCallerIdentity&Version=2011-06-15"),
    "kms": ("TrentService.ListKeys", "{}"),
    "events": ("AWSEvents.ListEventBuses", "{}"),
    "dynamodb": ("DynamoDB_20120810.ListTables", "{}"),
    "secretsmanager": ("secretsmanager.ListSecrets", "{}"),
    "states": ("AWSStepFunctions.ListStateMachines", "{}"),
    "s3": (None, None),
}


def _warm_one(port, service, region):
    target, body = WARM_REQUESTS[service]
    headers = {"Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/%s/%s/aws4_request, "
                                "SignedHeaders=host, Signature=0" % (region, service)}
    if service == "s3":
        request = urllib.request.Request("http://127.0.0.1:%d/" % port, headers=headers, method="GET")
    else:
        headers["Content-Type"] = "application/x-amz-json-1.1" if target else "application/x-www-form-urlencoded"
        if target:
            headers["X-Amz-Target"] = target
        request = urllib.request.Request("http://127.0.0.1:%d/" % port, data=body.encode(), headers=headers, method="POST")
    try:
        urllib.request.urlopen(request, timeout=60).read()
    except Exception:  # noqa: BLE001 - an answer of any kind has built the backend
        pass


def _warm(port, services, region):
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.02)
    threads = [threading.Thread(target=_warm_one, args=(port, s, region), daemon=True) for s in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("launch_moto: warm", file=sys.stderr, flush=True)


def _port(argv):
    for flag in ("-p", "--port"):
        if flag in argv:
            return int(argv[argv.index(flag) + 1])
    return 5000


def main(argv):
    server, parser_models = _import_moto()
    applied = apply_fixes(parser_models)
    if applied:
        print("launch_moto: fixed " + " and ".join(applied), file=sys.stderr, flush=True)
    if "--warm" in argv:
        at = argv.index("--warm")
        services = argv[at + 1].split(",")
        region = argv[at + 2]
        argv = argv[:at] + argv[at + 3:]
        threading.Thread(target=_warm, args=(_port(argv), services, region), daemon=True).start()
    server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
