package com.iamonboarding.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iamonboarding.local.Poll;
import com.iamonboarding.local.support.SharedStack;
import com.iamonboarding.local.template.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

class MotoServerIT {

    private static final Path LAUNCHER = RepoRoot.find().resolve("local/moto/launch_moto.py");

    /** Without python3 and moto these tests fail here, with the install command, instead of on some later error. */
    @BeforeAll
    static void motoIsInstalled() {
        SharedStack.get();
    }

    @Test
    void theSameStateMachineRunsAgainAndAgainAndSoDoesAnotherOne() {
        SfnClient sfn = SharedStack.sfn();
        String definition = "{\"StartAt\":\"Only\",\"States\":{\"Only\":{\"Type\":\"Pass\",\"Result\":{\"ok\":true},\"End\":true}}}";
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String first = sfn.createStateMachine(b -> b.name("launcher-pass-a-" + suffix)
                .definition(definition).roleArn("arn:aws:iam::123456789012:role/test")).stateMachineArn();
        String second = sfn.createStateMachine(b -> b.name("launcher-pass-b-" + suffix)
                .definition(definition).roleArn("arn:aws:iam::123456789012:role/test")).stateMachineArn();

        // Without the launcher's fixes, the second StartExecution of a machine answers HTTP 500
        // (getmoto/moto#10077), and so does the first of another machine once one has run.
        for (String run : List.of("a-1", "a-2", "a-3", "a-4")) {
            assertRunsToSuccess(sfn, first, run);
        }
        for (String run : List.of("b-1", "b-2")) {
            assertRunsToSuccess(sfn, second, run);
        }
    }

    private static void assertRunsToSuccess(SfnClient sfn, String machine, String name) {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine).name(name).input("{}")).executionArn();
        ExecutionStatus status = Poll.until(name, Duration.ofSeconds(30), () -> {
            ExecutionStatus s = sfn.describeExecution(b -> b.executionArn(execution)).status();
            return s == ExecutionStatus.RUNNING ? Optional.empty() : Optional.of(s);
        });
        assertEquals(ExecutionStatus.SUCCEEDED, status, name);
        assertEquals("{\"ok\":true}", sfn.describeExecution(b -> b.executionArn(execution)).output().replace(" ", ""));
    }

    @Test
    void theLauncherPatchesOnlyAMotoThatLacksTheUpstreamFix(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("fixed_models.py"), String.join("\n",
                "import copy",
                "class StepFunctionsParserBackend:",
                "    def start_execution(self, state_machine):",
                "        memo = {id(state_machine.executions): []}",
                "        return copy.deepcopy(state_machine, memo)",
                ""));
        String script = String.join("\n",
                "import sys",
                "sys.path[:0] = [sys.argv[1], sys.argv[2]]",
                "import launch_moto, fixed_models",
                "from moto.stepfunctions.parser import models",
                "print(launch_moto.needs_executions_deepcopy_fix(models), launch_moto.needs_executions_deepcopy_fix(fixed_models),",
                "      launch_moto.needs_backend_deepcopy_fix(models))",
                "");
        String output = python(script, LAUNCHER.getParent().toString(), dir.toString());
        // moto 5.2.1 (installed here) needs both fixes; a moto with the fix of getmoto/moto#10093 not the first.
        assertEquals("True False True", output);
    }

    @Test
    void theLauncherParsesEachJsonPathOnceAndTheParsedPathStillReadsAndWritesAnyDocument() throws Exception {
        String script = String.join("\n",
                "import sys",
                "sys.path[:0] = [sys.argv[1]]",
                "import launch_moto",
                "from moto.stepfunctions.parser.asl.utils import json_path",
                "from moto.stepfunctions.parser.asl.component.common.path import result_path",
                "print(launch_moto.needs_jsonpath_memo())",
                "launch_moto._apply_jsonpath_memo()",
                "print(launch_moto.needs_jsonpath_memo(), json_path.parse('$.a.b') is json_path.parse('$.a.b'))",
                "print(json_path.extract_json('$.a.b', {'a': {'b': 1}}), json_path.extract_json('$.a.b', {'a': {'b': 2}}),",
                "      json_path.extract_json('$.items[?(@.n > 1)].n', {'items': [{'n': 1}, {'n': 2}, {'n': 3}]}))",
                "first, second = {'x': 1}, {'y': 2}",
                "result_path.parse('$.out').update_or_create(first, 'A')",
                "result_path.parse('$.out').update_or_create(second, 'B')",
                "print(sorted(first.items()), sorted(second.items()))",
                "");
        String output = python(script, LAUNCHER.getParent().toString());
        // moto 5.2.1 (installed here) parses a path on every evaluation, about 10 ms each.
        assertEquals(String.join("\n", "True", "False True", "1 2 [2, 3]",
                "[('out', 'A'), ('x', 1)] [('out', 'B'), ('y', 2)]"), output);
    }

    @Test
    void theLauncherParsesEachDefinitionOnceAndBuildsEveryExecutionItsOwnProgram() throws Exception {
        String script = String.join("\n",
                "import sys",
                "sys.path[:0] = [sys.argv[1]]",
                "import launch_moto",
                "from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser as Parser",
                "print(launch_moto.needs_asl_parse_memo())",
                "launch_moto._apply_asl_parse_memo()",
                "definition = '{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}'",
                "first, second = Parser.parse(definition), Parser.parse(definition)",
                "other = Parser.parse(definition.replace('\"A\"', '\"B\"'))",
                "print(launch_moto.needs_asl_parse_memo(), first[1] is second[1], first[0] is second[0], other[1] is first[1])",
                "try:",
                "    Parser.parse('{\"StartAt\": 1}')",
                "    print('accepted')",
                "except Exception as refused:",
                "    print(type(refused).__name__)",
                "");
        String output = python(script, LAUNCHER.getParent().toString());
        // One tree per definition, a new program (which holds an execution's state) each time, and a
        // definition that does not parse is still refused.
        assertEquals(String.join("\n", "True", "False True False False", "ASLParserException"), output);
    }

    /** What {@code python3 -c script arguments...} prints (standard output and error), trimmed. */
    private static String python(String script, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(arguments));
        Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        return output;
    }

    @Test
    void aMissingMotoIsAOneLineErrorThatSaysHowToInstallIt(@TempDir Path dir) throws Exception {
        Path fakeMoto = Files.createDirectories(dir.resolve("moto"));
        Files.writeString(fakeMoto.resolve("__init__.py"), "raise ImportError('moto is not installed')\n");
        ProcessBuilder builder = new ProcessBuilder("python3", LAUNCHER.toString(), "-p", "1");
        builder.environment().put("PYTHONPATH", dir.toString());
        Process launcher = builder.start();
        String stderr = new String(launcher.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(launcher.waitFor(30, TimeUnit.SECONDS));
        assertEquals(MotoServer.NOT_INSTALLED_EXIT_CODE, launcher.exitValue());
        assertEquals(MotoNotInstalledException.MESSAGE + System.lineSeparator(), stderr);
        assertEquals("moto_server is not installed: pip install \"moto[server]\"", MotoNotInstalledException.MESSAGE);
    }

    @Test
    void aLauncherThatReportsMissingMotoBecomesMotoNotInstalled(@TempDir Path dir) throws IOException {
        Path launcher = Files.writeString(dir.resolve("missing.py"), "import sys\nsys.exit(3)\n");
        MotoNotInstalledException error = assertThrows(MotoNotInstalledException.class,
                () -> MotoServer.start(launcher, FreePorts.pick(), FreePorts.pick()));
        assertEquals(MotoNotInstalledException.MESSAGE, error.getMessage());
    }

    @Test
    void closeStopsTheServerAndEveryProcessItStarted(@TempDir Path dir) throws IOException {
        // Stands in for moto_server: answers HTTP and has a child process, like werkzeug's reloader would.
        Path launcher = Files.writeString(dir.resolve("fake_server.py"), String.join("\n",
                "import http.server, subprocess, sys",
                "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])",
                "port = int(sys.argv[sys.argv.index('-p') + 1])",
                "class Handler(http.server.BaseHTTPRequestHandler):",
                "    def do_GET(self):",
                "        self.send_response(200); self.end_headers(); self.wfile.write(b'{}')",
                "    def log_message(self, *args):",
                "        pass",
                "http.server.HTTPServer(('127.0.0.1', port), Handler).serve_forever()",
                ""));
        MotoServer server = MotoServer.start(launcher, FreePorts.pick(), FreePorts.pick());
        List<ProcessHandle> started = new ArrayList<>();
        ProcessHandle.of(server.pid()).ifPresent(started::add);
        Poll.until("the fake server's child", Duration.ofSeconds(10), () -> ProcessHandle.of(server.pid())
                .flatMap(p -> p.children().findFirst()));
        ProcessHandle.of(server.pid()).ifPresent(p -> started.addAll(p.descendants().toList()));
        assertEquals(2, started.size());

        server.close();

        assertFalse(server.isAlive());
        for (ProcessHandle process : started) {
            Poll.until("process " + process.pid() + " to stop", Duration.ofSeconds(10),
                    () -> process.isAlive() ? Optional.empty() : Optional.of(true));
        }
        assertFalse(new MotoApi(server.endpoint()).answers());
    }
}
