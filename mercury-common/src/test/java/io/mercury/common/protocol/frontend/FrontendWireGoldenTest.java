package io.mercury.common.protocol.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.codec.MsgPack;
import io.mercury.common.protocol.Request;
import io.mercury.common.protocol.TaskStatus;
import io.mercury.common.protocol.UnexpectedReplyException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The frontend's records encode to exactly the bytes of the maps Mercury built by hand before them:
 * requests as mcli's {@code RpcClient} and the HTTP API's {@code RpcRoutes} built them, replies as the
 * frontend's {@code JobService} built them. Each case also pins the bytes in hex, so neither side can
 * drift with the other; every request also reads back from its bound arguments as the same record.
 */
class FrontendWireGoldenTest {
  private static final String JOB = "9b2f0c1e-4d5a-4e6f-8a7b-1c2d3e4f5a6b";
  private static final String TASK = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
  private static final String ID = "0112426690d3bf5dfa0a1ea1ecf8a2acb2ed1eb6ec";

  static Stream<Arguments> requests() {
    Map<String, Object> query = map("mercury_id", ID);
    Map<String, Object> echo = map("method", "echo", "args", List.of("hi"), "kwargs", map(), "timeout", 30.0);
    Map<String, Object> press =
        map("preprocessor", "press_static_assets", "template", List.of("hostname: {{name}}"), "assets", map(ID, map("name", "hp1")));
    Map<String, Object> projection = map("job_id", 1, "counts", 1);
    return Stream.of(
        // mcli: List.of(query, instruction.toWire()), {requested_by, unless_none_can: true}
        Arguments.of(
            "create_job from mcli",
            new FrontendRequest.CreateJob(query, FrontendWire.toWire(new Instruction.Primitive("echo", List.of("hi"), Map.of(), 30.0)), "ops@bastion", true),
            new Request("create_job", List.of(query, echo), map("requested_by", "ops@bastion", "unless_none_can", true)),
            "83a8656e64706f696e74aa6372656174655f6a6f62a4617267739281aa6d6572637572795f6964da002a30313132343236363930643362663564666130613165613165636638613261636232656431656236656384a66d6574686f64a46563686fa46172677391a26869a66b776172677380a774696d656f7574cb403e000000000000a66b776172677382ac7265717565737465645f6279ab6f70734062617374696f6eaf756e6c6573735f6e6f6e655f63616ec3"),
        // api: List.of(query, instruction), {requested_by}
        Arguments.of(
            "create_job from the API",
            new FrontendRequest.CreateJob(query, FrontendWire.toWire(new Instruction.PressStaticAssets(List.of("hostname: {{name}}"), Map.of(ID, map("name", "hp1")))), "alice", false),
            new Request("create_job", List.of(query, press), map("requested_by", "alice")),
            "83a8656e64706f696e74aa6372656174655f6a6f62a4617267739281aa6d6572637572795f6964da002a30313132343236363930643362663564666130613165613165636638613261636232656431656236656383ac70726570726f636573736f72b370726573735f7374617469635f617373657473a874656d706c61746591b2686f73746e616d653a207b7b6e616d657d7da661737365747381da002a30313132343236363930643362663564666130613165613165636638613261636232656431656236656381a46e616d65a3687031a66b776172677381ac7265717565737465645f6279a5616c696365"),
        Arguments.of("get_job", new FrontendRequest.GetJob(JOB, null), Request.of("get_job", JOB), "83a8656e64706f696e74a76765745f6a6f62a46172677391da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a66b776172677380"),
        Arguments.of(
            "get_job with projection", new FrontendRequest.GetJob(JOB, projection), new Request("get_job", List.of(JOB), map("projection", projection)), "83a8656e64706f696e74a76765745f6a6f62a46172677391da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a66b776172677381aa70726f6a656374696f6e82a66a6f625f696401a6636f756e747301"),
        Arguments.of("get_job_status", new FrontendRequest.GetJobStatus(JOB), Request.of("get_job_status", JOB), "83a8656e64706f696e74ae6765745f6a6f625f737461747573a46172677391da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a66b776172677380"),
        Arguments.of("get_job_tasks", new FrontendRequest.GetJobTasks(JOB, null), Request.of("get_job_tasks", JOB), "83a8656e64706f696e74ad6765745f6a6f625f7461736b73a46172677391da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a66b776172677380"),
        Arguments.of(
            "get_job_tasks with projection",
            new FrontendRequest.GetJobTasks(JOB, projection),
            new Request("get_job_tasks", List.of(JOB), map("projection", projection)),
            "83a8656e64706f696e74ad6765745f6a6f625f7461736b73a46172677391da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a66b776172677381aa70726f6a656374696f6e82a66a6f625f696401a6636f756e747301"),
        Arguments.of("get_task", new FrontendRequest.GetTask(TASK), Request.of("get_task", TASK), "83a8656e64706f696e74a86765745f7461736ba46172677391da002431613262336334642d356536662d346137622d386339642d306531663261336234633564a66b776172677380"),
        // mcli: new Request("get_jobs", List.of(), {projection, limit})
        Arguments.of("get_jobs", new FrontendRequest.GetJobs(projection, 20), new Request("get_jobs", List.of(), map("projection", projection, "limit", 20L)), "83a8656e64706f696e74a86765745f6a6f6273a46172677390a66b776172677382aa70726f6a656374696f6e82a66a6f625f696401a6636f756e747301a56c696d697414"),
        Arguments.of(
            "get_active_tasks_by_mercury_id",
            new FrontendRequest.GetActiveTasksByMercuryId(ID),
            Request.of("get_active_tasks_by_mercury_id", ID),
            "83a8656e64706f696e74be6765745f6163746976655f7461736b735f62795f6d6572637572795f6964a46172677391da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563a66b776172677380"),
        Arguments.of(
            "update_task",
            new FrontendRequest.UpdateTask(map("task_id", TASK, "status", "STARTED")),
            Request.of("update_task", map("task_id", TASK, "status", "STARTED")),
            "83a8656e64706f696e74ab7570646174655f7461736ba4617267739182a77461736b5f6964da002431613262336334642d356536662d346137622d386339642d306531663261336234633564a6737461747573a753544152544544a66b776172677380"),
        Arguments.of(
            "complete_task",
            new FrontendRequest.CompleteTask(map("task_id", TASK, "status", "SUCCESS", "message", "hi")),
            Request.of("complete_task", map("task_id", TASK, "status", "SUCCESS", "message", "hi")),
            "83a8656e64706f696e74ad636f6d706c6574655f7461736ba4617267739183a77461736b5f6964da002431613262336334642d356536662d346137622d386339642d306531663261336234633564a6737461747573a753554343455353a76d657373616765a26869a66b776172677380"),
        // mcli: new Request("cancel_job", List.of(id), {requested_by})
        Arguments.of("cancel_job", new FrontendRequest.CancelJob(JOB, "ops@bastion"), new Request("cancel_job", List.of(JOB), map("requested_by", "ops@bastion")), "83a8656e64706f696e74aa63616e63656c5f6a6f62a46172677391da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a66b776172677381ac7265717565737465645f6279ab6f70734062617374696f6e"),
        Arguments.of("find_ids", new FrontendRequest.FindIds("job", "9b2f"), new Request("find_ids", List.of("job", "9b2f"), Map.of()), "83a8656e64706f696e74a866696e645f696473a46172677392a36a6f62a439623266a66b776172677380"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestsEncodeAsTheHandBuiltMaps(String name, FrontendRequest record, Request handBuilt, String hex) {
    byte[] bytes = MsgPack.encode(FrontendWire.request(record).toWire());
    assertThat(bytes).isEqualTo(MsgPack.encode(handBuilt.toWire()));
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex);
  }

  static Stream<Arguments> bound() {
    return Stream.of(
        Arguments.of(
            new FrontendRequest.CreateJob(map("a", 1L), map("method", "echo"), null, false),
            map("query", map("a", 1L), "instruction", map("method", "echo"), "requested_by", null, "unless_none_can", false)),
        Arguments.of(
            new FrontendRequest.CreateJob(map(), map("method", "echo"), "ops", true),
            map("query", map(), "instruction", map("method", "echo"), "requested_by", "ops", "unless_none_can", true)),
        Arguments.of(new FrontendRequest.GetJob(JOB, map("job_id", 1L)), map("job_id", JOB, "projection", map("job_id", 1L))),
        Arguments.of(new FrontendRequest.GetJobStatus(JOB), map("job_id", JOB)),
        Arguments.of(new FrontendRequest.GetJobTasks(JOB, null), map("job_id", JOB, "projection", null)),
        Arguments.of(new FrontendRequest.GetTask(TASK), map("task_id", TASK)),
        Arguments.of(new FrontendRequest.GetJobs(null, 0), map("projection", null, "limit", 0L)),
        Arguments.of(new FrontendRequest.GetActiveTasksByMercuryId(ID), map("mercury_id", ID)),
        Arguments.of(new FrontendRequest.UpdateTask(map("task_id", TASK)), map("update_data", map("task_id", TASK))),
        Arguments.of(new FrontendRequest.CompleteTask(map("task_id", TASK)), map("return_data", map("task_id", TASK))),
        Arguments.of(new FrontendRequest.CancelJob(JOB, null), map("job_id", JOB, "requested_by", null)),
        Arguments.of(new FrontendRequest.FindIds("task", "1a2b"), map("kind", "task", "prefix", "1a2b")));
  }

  @ParameterizedTest
  @MethodSource("bound")
  void boundArgumentsReadBackAsTheRecords(FrontendRequest record, Map<String, Object> arguments) {
    assertThat(FrontendWire.request(record.endpoint(), arguments::get)).isEqualTo(record);
  }

  static Stream<Arguments> replies() {
    Map<String, Object> job = map("_id", JOB, "job_id", JOB, "task_count", 2L, "counts", map("SUCCESS", 1L, "ERROR", 1L));
    Map<String, Object> task = map("_id", TASK, "task_id", TASK, "job_id", JOB, "status", "SUCCESS");
    Map<String, Object> status = new LinkedHashMap<>(job);
    status.put("has_failures", true);
    status.put("tasks", List.of(map("task_id", TASK, "status", "ERROR", "mercury_id", ID)));
    return Stream.of(
        // JobService.create: {job_id, targets}
        Arguments.of("create_job", FrontendWire.toWire(new CreateJobReply(JOB, 2)), map("job_id", JOB, "targets", 2L), "82a66a6f625f6964da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a77461726765747302"),
        // JobService.status: the job, then has_failures and tasks
        Arguments.of(
            "get_job_status",
            FrontendWire.toWire(new JobStatus(new JobDocument(job), true, List.of(new TaskSummary(TASK, "ERROR", ID)))),
            status,
            "86a35f6964da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a66a6f625f6964da002439623266306331652d346435612d346536662d386137622d316332643365346635613662aa7461736b5f636f756e7402a6636f756e747382a75355434345535301a54552524f5201ac6861735f6661696c75726573c3a57461736b739183a77461736b5f6964da002431613262336334642d356536662d346137622d386339642d306531663261336234633564a6737461747573a54552524f52aa6d6572637572795f6964da002a303131323432363639306433626635646661306131656131656366386132616362326564316562366563"),
        Arguments.of("get_job_tasks", FrontendWire.toWire(TaskList.of(List.of(new TaskDocument(task)))), map("count", 1L, "tasks", List.of(task)), "82a5636f756e7401a57461736b739184a35f6964da002431613262336334642d356536662d346137622d386339642d306531663261336234633564a77461736b5f6964da002431613262336334642d356536662d346137622d386339642d306531663261336234633564a66a6f625f6964da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a6737461747573a753554343455353"),
        Arguments.of("get_jobs", FrontendWire.toWire(JobList.of(List.of(new JobDocument(job)))), map("count", 1L, "jobs", List.of(job)), "82a5636f756e7401a46a6f62739184a35f6964da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a66a6f625f6964da002439623266306331652d346435612d346536662d386137622d316332643365346635613662aa7461736b5f636f756e7402a6636f756e747382a75355434345535301a54552524f5201"),
        Arguments.of("cancel_job", FrontendWire.toWire(new CancelJobReply(JOB, 3)), map("job_id", JOB, "cancelled", 3L), "82a66a6f625f6964da002439623266306331652d346435612d346536662d386137622d316332643365346635613662a963616e63656c6c656403"),
        Arguments.of(
            "press_static_assets instruction",
            FrontendWire.toWire(new Instruction.PressStaticAssets(List.of("a: {{b}}"), Map.of(ID, map("b", 1L)))),
            map("preprocessor", "press_static_assets", "template", List.of("a: {{b}}"), "assets", map(ID, map("b", 1L))),
            "83ac70726570726f636573736f72b370726573735f7374617469635f617373657473a874656d706c61746591a8613a207b7b627d7da661737365747381da002a30313132343236363930643362663564666130613165613165636638613261636232656431656236656381a16201"),
        Arguments.of(
            "primitive instruction without timeout",
            FrontendWire.toWire(new Instruction.Primitive("run", List.of("ls"), Map.of(), null)),
            map("method", "run", "args", List.of("ls"), "kwargs", map()),
            "83a66d6574686f64a372756ea46172677391a26c73a66b776172677380"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replies")
  void repliesEncodeAsTheHandBuiltMaps(String name, Map<String, Object> record, Map<String, Object> handBuilt, String hex) {
    byte[] bytes = MsgPack.encode(record);
    assertThat(bytes).isEqualTo(MsgPack.encode(handBuilt));
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(hex);
  }

  @Test
  void repliesReadBackAsTheRecords() throws Exception {
    assertThat(FrontendWire.createJobReply(roundTrip(FrontendWire.toWire(new CreateJobReply(JOB, 2))))).contains(new CreateJobReply(JOB, 2));
    assertThat(FrontendWire.createJobReply(null)).isEmpty();
    assertThat(FrontendWire.cancelJobReply(JOB, roundTrip(FrontendWire.toWire(new CancelJobReply(JOB, 3))))).isEqualTo(new CancelJobReply(JOB, 3));
    Map<String, Object> task = map("task_id", TASK, "status", "SUCCESS");
    TaskList tasks = TaskList.of(List.of(new TaskDocument(task)));
    assertThat(FrontendWire.taskList(FrontendEndpoint.GET_JOB_TASKS, roundTrip(FrontendWire.toWire(tasks)))).isEqualTo(tasks);
    JobList jobs = JobList.of(List.of(new JobDocument(map("job_id", JOB))));
    assertThat(FrontendWire.jobList(roundTrip(FrontendWire.toWire(jobs)))).isEqualTo(jobs);
    assertThat(FrontendWire.job(null)).isEmpty();
    assertThat(FrontendWire.job(roundTrip(map("job_id", JOB))).orElseThrow().jobId()).isEqualTo(JOB);
    assertThat(FrontendWire.task(roundTrip(task)).orElseThrow().state()).contains(TaskStatus.SUCCESS);
    assertThat(FrontendWire.ids(roundTrip(List.of(JOB)))).containsExactly(JOB);

    JobStatus status = new JobStatus(new JobDocument(map("job_id", JOB)), true, List.of(new TaskSummary(TASK, "ERROR", ID)));
    Map<String, Object> wire = FrontendWire.toWire(status);
    JobStatus read = FrontendWire.jobStatus(roundTrip(wire)).orElseThrow();
    assertThat(read.hasFailures()).isTrue();
    assertThat(read.tasks()).isEqualTo(status.tasks());
    assertThat(read.job().document()).as("the document as it came, for output").isEqualTo(wire);
    assertThat(FrontendWire.toWire(read)).isEqualTo(wire);
    assertThat(read.counts()).containsEntry(TaskStatus.ERROR, 1L).containsEntry(TaskStatus.SUCCESS, 0L);
  }

  @Test
  void terseRepliesReadAsTheOriginalsMeantThem() throws Exception {
    // the original's cancel and list replies may leave out job_id and count; its status may lack has_failures
    assertThat(FrontendWire.cancelJobReply(JOB, map("cancelled", 0L))).isEqualTo(new CancelJobReply(JOB, 0));
    assertThat(FrontendWire.jobList(map("jobs", List.of())).count()).isZero();
    JobStatus status = FrontendWire.jobStatus(map("job_id", JOB)).orElseThrow();
    assertThat(status.hasFailures()).isFalse();
    assertThat(status.tasks()).isEmpty();
  }

  @Test
  void aReplyOfTheWrongShapeSaysWhichEndpoint() {
    assertThatThrownBy(() -> FrontendWire.createJobReply(List.of()))
        .isInstanceOf(UnexpectedReplyException.class)
        .hasMessage("unexpected reply from rpc create_job: ListN");
    assertThatThrownBy(() -> FrontendWire.createJobReply(map("job_id", JOB)))
        .hasMessage("unexpected reply from rpc create_job: LinkedHashMap");
    assertThatThrownBy(() -> FrontendWire.taskList(FrontendEndpoint.GET_ACTIVE_TASKS_BY_MERCURY_ID, map("count", 1L)))
        .hasMessage("unexpected reply from rpc get_active_tasks_by_mercury_id: LinkedHashMap");
    assertThatThrownBy(() -> FrontendWire.jobList(map("jobs", List.of("x")))).hasMessage("unexpected reply from rpc get_jobs: String");
    assertThatThrownBy(() -> FrontendWire.cancelJobReply(JOB, map("job_id", JOB))).hasMessage("unexpected reply from rpc cancel_job: LinkedHashMap");
    assertThatThrownBy(() -> FrontendWire.jobStatus(map("tasks", "t"))).hasMessage("unexpected reply from rpc get_job_status: LinkedHashMap");
    assertThatThrownBy(() -> FrontendWire.job("x")).hasMessage("unexpected reply from rpc get_job: String");
    assertThatThrownBy(() -> FrontendWire.ids(map())).hasMessage("unexpected reply from rpc find_ids: LinkedHashMap");
  }

  @Test
  void everyEndpointHasItsOriginalWireName() {
    assertThat(Arrays.stream(FrontendEndpoint.values()).map(FrontendEndpoint::wireName))
        .containsExactly(
            "create_job", "get_job", "get_job_status", "get_job_tasks", "get_task", "get_jobs",
            "get_active_tasks_by_mercury_id", "update_task", "complete_task", "cancel_job", "find_ids");
  }

  private static Object roundTrip(Object value) throws Exception {
    return MsgPack.decode(MsgPack.encode(value));
  }

  /** An ordered map that takes nulls, as the callers' LinkedHashMaps. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
