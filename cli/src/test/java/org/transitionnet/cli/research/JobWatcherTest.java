package org.transitionnet.cli.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tnet job watch} rides out transient failed polls and stops at once on a refusal. */
class JobWatcherTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Answers each poll with the next job view or throws the next exception; counts the polls. */
  private static final class Script implements JobWatcher.Poll {
    private final Deque<Object> answers;
    private final Object last;
    int polls;

    Script(Object... answers) {
      this.answers = new ArrayDeque<>(List.of(answers));
      this.last = answers[answers.length - 1];
    }

    @Override
    public JsonNode job(String jobId) throws CoordinatorException {
      polls++;
      Object next = answers.isEmpty() ? last : answers.poll();
      if (next instanceof CoordinatorException e) {
        throw e;
      }
      return (JsonNode) next;
    }
  }

  private static JsonNode job(int done, String status) throws Exception {
    return JSON.readTree(
        "{\"jobId\":\"j1\",\"status\":\""
            + status
            + "\",\"rounds\":3,\"completedRounds\":"
            + done
            + ",\"roundHistory\":[]}");
  }

  private static CoordinatorException unreachable() {
    return new CoordinatorException(0, "", "cannot connect to http://coordinator:9080/");
  }

  private int watch(Script script, int maxFailures) throws CoordinatorException {
    return JobWatcher.watch(
        script, "j1", 0.001, maxFailures, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void transientFailures_areReportedOneLineEachAndRetriedUntilTheJobEnds() throws Exception {
    Script script =
        new Script(
            unreachable(),
            new CoordinatorException(503, "", "Service Unavailable"),
            job(1, "RUNNING"),
            new CoordinatorException(502, "", "Bad Gateway"),
            unreachable(),
            job(3, "COMPLETED"));

    int exit = watch(script, 3);

    assertThat(exit).as(err.toString()).isZero();
    assertThat(script.polls).isEqualTo(6);
    assertThat(err.toString().lines().filter(l -> l.contains("failed poll")))
        .containsExactly(
            "watching j1: failed poll 1 of at most 3 in a row, retrying in 0.0 s: coordinator"
                + " unreachable: cannot connect to http://coordinator:9080/",
            "watching j1: failed poll 2 of at most 3 in a row, retrying in 0.0 s: coordinator"
                + " answered 503: Service Unavailable",
            "watching j1: failed poll 1 of at most 3 in a row, retrying in 0.0 s: coordinator"
                + " answered 502: Bad Gateway",
            "watching j1: failed poll 2 of at most 3 in a row, retrying in 0.0 s: coordinator"
                + " unreachable: cannot connect to http://coordinator:9080/");
    assertThat(err.toString())
        .contains("round 1/3")
        .contains("round 3/3")
        .doesNotContain("gave up");
    assertThat(out.toString()).contains("j1 COMPLETED after 3 of 3 rounds");
  }

  @Test
  void consecutiveFailures_giveUpAfterTheLimitWithExitTwo() throws Exception {
    Script script = new Script(job(1, "RUNNING"), new CoordinatorException(500, "", "boom"));

    int exit = watch(script, 3);

    assertThat(exit).isEqualTo(JobCommand.REFUSED);
    assertThat(script.polls).isEqualTo(1 + 3);
    assertThat(err.toString().lines().filter(l -> l.startsWith("watching j1: failed poll")))
        .hasSize(2);
    assertThat(err.toString())
        .contains("gave up watching j1 after 3 consecutive failed polls (--max-failures 3)")
        .contains("tnet job watch j1 resumes")
        .contains("coordinator answered 500: boom");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void defaultLimit_isFiveFailedPolls() throws Exception {
    Script script = new Script(unreachable());

    int exit = watch(script, JobWatcher.DEFAULT_MAX_FAILURES);

    assertThat(exit).isEqualTo(JobCommand.REFUSED);
    assertThat(script.polls).isEqualTo(5);
    assertThat(err.toString()).contains("after 5 consecutive failed polls (--max-failures 5)");
  }

  @Test
  void notFoundOrNotAllowed_endsTheWatchAtOnce() throws Exception {
    for (int status : new int[] {404, 401, 403}) {
      CoordinatorException refusal = new CoordinatorException(status, "jobId", "no job j1");
      Script script = new Script(job(1, "RUNNING"), refusal, job(3, "COMPLETED"));

      assertThatThrownBy(() -> watch(script, 5)).isSameAs(refusal);
      assertThat(script.polls).isEqualTo(2);
    }
    assertThat(err.toString()).doesNotContain("failed poll");
  }

  @Test
  void whichFailuresAreTransient() {
    assertThat(JobWatcher.isTransient(unreachable())).isTrue();
    assertThat(JobWatcher.isTransient(new CoordinatorException(500, "", "x"))).isTrue();
    assertThat(JobWatcher.isTransient(new CoordinatorException(503, "", "x"))).isTrue();
    assertThat(JobWatcher.isTransient(new CoordinatorException(429, "", "x"))).isTrue();
    assertThat(JobWatcher.isTransient(new CoordinatorException(400, "", "x"))).isFalse();
    assertThat(JobWatcher.isTransient(new CoordinatorException(401, "", "x"))).isFalse();
    assertThat(JobWatcher.isTransient(new CoordinatorException(403, "", "x"))).isFalse();
    assertThat(JobWatcher.isTransient(new CoordinatorException(404, "", "x"))).isFalse();
  }

  @Test
  void retryWait_doublesAfterEachFailureUpToThirtySeconds() {
    assertThat(JobWatcher.retryWait(2, 1)).isEqualTo(2);
    assertThat(JobWatcher.retryWait(2, 2)).isEqualTo(4);
    assertThat(JobWatcher.retryWait(2, 4)).isEqualTo(16);
    assertThat(JobWatcher.retryWait(2, 5)).isEqualTo(30);
    assertThat(JobWatcher.retryWait(2, 1000)).isEqualTo(30);
    assertThat(JobWatcher.retryWait(60, 3)).isEqualTo(60);
  }
}
